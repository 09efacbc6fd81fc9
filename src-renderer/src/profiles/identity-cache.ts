import type { ErrorInfo } from '../../../src-shared/model/error-info';
import type { ProfileIdentity } from '../../../src-shared/model/identity';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import type { Settings } from '../../../src-shared/model/settings';
import { ContractCallError } from '../../../src-shared/contract/contract-error';
import type { AppModel } from '../app/app-model';
import type { InventoryState } from '../instances/inventory-state';
import { Store } from '../state/store';

export type IdentityState =
  | { status: 'unknown' }
  | { status: 'checking' }
  | { status: 'known'; identity: ProfileIdentity; checkedAt: number }
  | { status: 'error'; error: ErrorInfo };

/**
 * Who each profile signs in as, asked only when wanted (an assume-role profile with MFA would ask
 * for a code): the active profile at start and after a sign-in, others when the user checks.
 */
export class IdentityCache {
  private readonly states = new Map<string, Store<IdentityState>>();

  constructor(private readonly app: AppModel) {}

  store(profile: string): Store<IdentityState> {
    let store = this.states.get(profile);
    if (!store) this.states.set(profile, (store = new Store<IdentityState>({ status: 'unknown' })));
    return store;
  }

  async check(profile: string): Promise<void> {
    const store = this.store(profile);
    if (store.get().status === 'checking') return;
    store.set({ status: 'checking' });
    try {
      const identity = await this.app.client.call('profiles.identity', { profile });
      store.set(
        identity.error
          ? { status: 'error', error: identity.error }
          : { status: 'known', identity, checkedAt: Date.now() },
      );
    } catch (error) {
      store.set({
        status: 'error',
        error:
          error instanceof ContractCallError
            ? { code: error.code, message: error.message }
            : { code: 'internal', message: String(error) },
      });
    }
  }
}

/** The profile the header shows: the default one, else the first one listed, else the first known. */
export function activeProfile(
  settings: Settings,
  profiles: readonly ProfileInfo[],
  inventory: InventoryState,
): ProfileInfo | undefined {
  return (
    profiles.find((p) => p.id === settings.defaultProfile) ??
    profiles.find((p) => p.id === inventory.scopes[0]?.profile) ??
    profiles[0]
  );
}
