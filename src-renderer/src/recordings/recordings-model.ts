import type { RecordingInfo } from '../../../src-shared/model/recording';
import type { AppModel } from '../app/app-model';
import { followConnection } from '../state/follow-connection';
import { ListLoader } from '../state/list-loader';
import { Store } from '../state/store';

export interface RecordingList {
  loaded: boolean;
  /** Newest first. */
  recordings: readonly RecordingInfo[];
  error?: string;
}

const newestFirst = (list: readonly RecordingInfo[]): RecordingInfo[] =>
  [...list].sort((a, b) => b.startedAt - a.startedAt);

/** The recorded sessions in the user-data folder, kept current by recordings.changed. */
export class RecordingsModel {
  readonly list = new Store<RecordingList>({ loaded: false, recordings: [] });
  private readonly loader = new ListLoader(this.list);

  constructor(private readonly app: AppModel) {}

  start(): () => void {
    const stops = [
      this.app.client.on('recordings.changed', ({ recordings }) => {
        this.loader.supersede();
        this.list.set({ loaded: true, recordings: newestFirst(recordings) });
      }),
      followConnection(this.app.connection, () => void this.load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  load(): Promise<void> {
    return this.loader.load(
      () => this.app.client.call('recordings.list', {}),
      (recordings) => this.list.set({ loaded: true, recordings: newestFirst(recordings) }),
    );
  }
}
