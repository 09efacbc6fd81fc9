import { Store } from '../state/store';

/**
 * The link between this view and the core. Electron's IPC is always `open`; browser mode's WebSocket
 * is `connecting` at first, `reconnecting` after it dropped, and `open` again once the socket is back
 * (views then fetch their state again: events sent meanwhile were lost).
 */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionInfo {
  status: ConnectionStatus;
  /** Counts every time the link (re)opened: a change means "fetch the state again". */
  generation: number;
  /** Failed attempts since the link was last open. */
  attempts: number;
}

export type ConnectionStore = Store<ConnectionInfo>;

export function createConnectionStore(status: ConnectionStatus): ConnectionStore {
  return new Store<ConnectionInfo>({ status, generation: status === 'open' ? 1 : 0, attempts: 0 });
}
