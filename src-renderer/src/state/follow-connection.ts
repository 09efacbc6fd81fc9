import type { ConnectionStore } from '../contract/connection';

/**
 * Runs `load` now (when the link to the core is open) and each time the link opens again: events
 * sent while it was down were lost, so a view fetches its state again. Returns the unsubscribe.
 */
export function followConnection(connection: ConnectionStore, load: () => void): () => void {
  let generation = -1;
  const check = (): void => {
    const current = connection.get();
    if (current.status === 'open' && current.generation !== generation) {
      generation = current.generation;
      load();
    }
  };
  const stop = connection.subscribe(check);
  check();
  return stop;
}
