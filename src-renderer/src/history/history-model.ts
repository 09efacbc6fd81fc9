import type { HistoryEntry } from '../../../src-shared/model/history';
import type { AppModel } from '../app/app-model';
import { followConnection } from '../state/follow-connection';
import { ListLoader } from '../state/list-loader';
import { Store } from '../state/store';

export interface HistoryList {
  loaded: boolean;
  /** Newest first. */
  entries: readonly HistoryEntry[];
  error?: string;
}

/** history.changed says only that something changed: fetched again at most this often. */
const RELOAD_MS = 300;

/** The session history (the last 1000 sessions the app opened). */
export class HistoryModel {
  readonly list = new Store<HistoryList>({ loaded: false, entries: [] });
  private readonly loader = new ListLoader(this.list);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly app: AppModel) {}

  start(): () => void {
    const stops = [
      this.app.client.on('history.changed', () => {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          void this.load();
        }, RELOAD_MS);
      }),
      followConnection(this.app.connection, () => void this.load()),
    ];
    return () => {
      clearTimeout(this.timer);
      this.timer = undefined;
      for (const stop of stops) stop();
    };
  }

  load(): Promise<void> {
    return this.loader.load(
      () => this.app.client.call('history.list', {}),
      (entries) => this.list.set({ loaded: true, entries }),
    );
  }
}
