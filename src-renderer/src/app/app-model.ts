import type { AppInfo } from '../../../src-shared/contract/app-info';
import type { ContractClient } from '../../../src-shared/contract/contract-client';
import { ContractCallError } from '../../../src-shared/contract/contract-error';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import { DEFAULT_SETTINGS, type Settings } from '../../../src-shared/model/settings';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { ConnectionStore } from '../contract/connection';
import {
  EMPTY_INVENTORY,
  fromSnapshot,
  withFavourites,
  withReset,
  withScope,
  type InventoryState,
} from '../instances/inventory-state';
import { setKeybindings } from '../keyboard/keymap';
import { Store } from '../state/store';
import { MfaQueue } from '../profiles/mfa-queue';
import { Notices } from './notices';

export interface TabsState {
  loaded: boolean;
  tabs: readonly TabInfo[];
}

/**
 * The renderer's copy of the core's state, kept current by the contract's events and fetched again
 * whenever the link to the core (re)opens. Views read these stores; they never own session state.
 */
export class AppModel {
  readonly info = new Store<AppInfo | undefined>(undefined);
  readonly settings = new Store<Settings>(DEFAULT_SETTINGS);
  readonly profiles = new Store<readonly ProfileInfo[]>([]);
  readonly inventory = new Store<InventoryState>(EMPTY_INVENTORY);
  readonly tabs = new Store<TabsState>({ loaded: false, tabs: [] });
  readonly notices = new Notices();
  /** MFA codes the core waits for (asked in a dialog, whichever view is shown). */
  readonly mfa: MfaQueue;
  private syncing = 0;

  constructor(
    readonly client: ContractClient,
    readonly connection: ConnectionStore,
  ) {
    this.mfa = new MfaQueue(client);
    client.on('tabs.changed', ({ tabs }) => this.tabs.set({ loaded: true, tabs }));
    client.on('inventory.scope', ({ scope, instances }) =>
      this.inventory.update((s) => withScope(s, scope, instances)),
    );
    client.on('inventory.reset', ({ scopes }) => this.inventory.update((s) => withReset(s, scopes)));
    client.on('favourites.changed', ({ favourites }) =>
      this.inventory.update((s) => withFavourites(s, favourites)),
    );
    client.on('settings.changed', (settings) => this.settings.set(settings));
    // The user's shortcut overrides take effect before any view shows or matches a shortcut.
    this.settings.subscribe(() => setKeybindings(this.settings.get().keybindings));
    client.on('profiles.changed', ({ profiles }) => this.profiles.set(profiles));
    client.on('app.notice', ({ level, text }) => this.notices.push(level, text));

    let generation = 0;
    const onConnection = (): void => {
      const current = connection.get();
      if (current.status === 'open' && current.generation !== generation) {
        generation = current.generation;
        void this.sync();
      }
    };
    connection.subscribe(onConnection);
    onConnection();
  }

  /** Fetches everything the views show (first load, and after the link to the core came back). */
  async sync(): Promise<void> {
    const round = ++this.syncing;
    try {
      const [info, settings, profiles, inventory, tabs] = await Promise.all([
        this.client.call('app.hello', {}),
        this.client.call('settings.get', {}),
        this.client.call('profiles.list', {}),
        this.client.call('inventory.get', {}),
        this.client.call('tabs.list', {}),
      ]);
      if (round !== this.syncing) return;
      // What the core wants said since it started (a corrupt settings file kept aside, say): once.
      // They stay until dismissed: a settings file kept aside is worth reading in full.
      if (!this.info.get())
        for (const notice of info.notices) this.notices.push(notice.level, notice.text, true);
      this.info.set(info);
      this.settings.set(settings);
      this.profiles.set(profiles);
      this.inventory.set(fromSnapshot(inventory));
      this.tabs.set({ loaded: true, tabs });
    } catch (error) {
      // A drop during the fetch is retried when the link reopens; anything else is worth saying.
      if (error instanceof ContractCallError && error.code === 'disconnected') return;
      this.notices.push('error', `Could not load SSM Desk's state: ${describeError(error)}`);
    }
  }

  /** A call whose failure becomes a notice (for actions the user started: rename, close, …). */
  async attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.notices.push('error', `${what} failed: ${describeError(error)}`);
      return undefined;
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ContractCallError) {
    return error.code === 'disconnected' ? 'the connection to SSM Desk was lost' : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
