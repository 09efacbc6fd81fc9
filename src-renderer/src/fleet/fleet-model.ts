import type { FleetRun } from '../../../src-shared/model/fleet';
import type { AppModel } from '../app/app-model';
import { followConnection } from '../state/follow-connection';
import { ListLoader } from '../state/list-loader';
import { Store } from '../state/store';

export interface FleetRuns {
  loaded: boolean;
  /** Newest first, as fleet.list gives them. */
  runs: readonly FleetRun[];
  error?: string;
}

/** The fleet runs the core keeps (the last 50), kept current by fleet.changed. */
export class FleetModel {
  readonly runs = new Store<FleetRuns>({ loaded: false, runs: [] });
  private readonly loader = new ListLoader(this.runs);

  constructor(private readonly app: AppModel) {}

  start(): () => void {
    const stops = [
      this.app.client.on('fleet.changed', ({ run }) => this.put(run)),
      followConnection(this.app.connection, () => void this.load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  load(): Promise<void> {
    return this.loader.load(
      () => this.app.client.call('fleet.list', {}),
      (runs) => this.runs.set({ loaded: true, runs }),
    );
  }

  /** A run started here or changed in the core: replaced where it is, or added on top. */
  put(run: FleetRun): void {
    this.runs.update((state) => {
      const at = state.runs.findIndex((r) => r.runId === run.runId);
      if (at >= 0) {
        // Events can overtake the answer to fleet.start: never go back to an older picture.
        const known = state.runs[at];
        if (known && progress(known) > progress(run)) return state;
        return { ...state, runs: state.runs.map((r, i) => (i === at ? run : r)) };
      }
      return { ...state, runs: [run, ...state.runs] };
    });
  }
}

/** How far a run got: finished items, then whether it finished. */
function progress(run: FleetRun): number {
  const done = run.items.filter((i) => i.state !== 'queued' && i.state !== 'running').length;
  const running = run.items.filter((i) => i.state === 'running').length;
  return done * 2 + running + (run.finishedAt !== undefined ? run.items.length * 3 : 0);
}
