import type { TunnelEntry, TunnelSpec, TunnelStatus } from '../../../src-shared/model/tunnel';
import type { AppModel } from '../app/app-model';
import { followConnection } from '../state/follow-connection';
import { ListLoader } from '../state/list-loader';
import { Store } from '../state/store';

export interface TunnelList {
  loaded: boolean;
  specs: readonly TunnelSpec[];
  error?: string;
}

function stoppedStatus(id: string): TunnelStatus {
  return {
    id,
    state: 'stopped',
    stats: { connectionsOpen: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0 },
    history: [],
  };
}

/**
 * The saved tunnels and their live states, as the Tunnels view shows them. The list changes when a
 * tunnel is saved, deleted or imported; each status has a store of its own, so the counters of one
 * row (pushed a few times a second) re-render that row only.
 */
export class TunnelsModel {
  readonly list = new Store<TunnelList>({ loaded: false, specs: [] });
  private readonly statuses = new Map<string, Store<TunnelStatus>>();
  private readonly loader = new ListLoader(this.list);

  constructor(private readonly app: AppModel) {}

  /** Follows the core's events and the link; returns the function that stops. */
  start(): () => void {
    const { client } = this.app;
    const stops = [
      client.on('tunnels.changed', ({ tunnels }) => this.apply(tunnels)),
      client.on('tunnels.status', ({ statuses }) => {
        for (const status of statuses) this.statusStore(status.id).set(status);
      }),
      followConnection(this.app.connection, () => void this.load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  load(): Promise<void> {
    return this.loader.load(
      () => this.app.client.call('tunnels.list', {}),
      (entries) => this.apply(entries),
    );
  }

  /** The live status of one tunnel (a store that exists as long as the model does). */
  statusStore(id: string): Store<TunnelStatus> {
    let store = this.statuses.get(id);
    if (!store) this.statuses.set(id, (store = new Store(stoppedStatus(id))));
    return store;
  }

  private apply(entries: readonly TunnelEntry[]): void {
    for (const { status } of entries) this.statusStore(status.id).set(status);
    this.list.set({ loaded: true, specs: entries.map((e) => e.spec) });
  }
}
