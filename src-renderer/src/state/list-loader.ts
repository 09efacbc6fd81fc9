import { ContractCallError } from '../../../src-shared/contract/contract-error';
import { describeError } from '../app/app-model';
import type { Store } from './store';

/** What a view's list store holds besides the list: whether it came, and why it did not. */
export interface LoadedList {
  loaded: boolean;
  error?: string;
}

/**
 * Fetches a view's list (tunnels, history, recordings, fleet runs) into its store the one way they
 * all need: only the newest call's answer is applied, a failure marks the list loaded with the
 * words for why, and a lost link is no failure (followConnection fetches again when it is back).
 */
export class ListLoader<S extends LoadedList> {
  private round = 0;

  constructor(private readonly store: Store<S>) {}

  /** An event brought a newer list: an answer still on its way is older, and is dropped. */
  supersede(): void {
    this.round++;
  }

  /** Calls `fetch` and hands its answer to `apply`, unless a newer call or event came meanwhile. */
  async load<T>(fetch: () => Promise<T>, apply: (value: T) => void): Promise<void> {
    const round = ++this.round;
    try {
      const value = await fetch();
      if (round === this.round) apply(value);
    } catch (error) {
      if (error instanceof ContractCallError && error.code === 'disconnected') return;
      if (round === this.round)
        this.store.update((s) => ({ ...s, loaded: true, error: describeError(error) }));
    }
  }
}
