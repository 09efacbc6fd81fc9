import type { RecordingInfo } from '../../../src-shared/model/recording';
import { ContractCallError } from '../../../src-shared/contract/contract-error';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { followConnection } from '../state/follow-connection';
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
  private loadRound = 0;

  constructor(private readonly app: AppModel) {}

  start(): () => void {
    const stops = [
      this.app.client.on('recordings.changed', ({ recordings }) => {
        this.loadRound++;
        this.list.set({ loaded: true, recordings: newestFirst(recordings) });
      }),
      followConnection(this.app.connection, () => void this.load()),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }

  async load(): Promise<void> {
    const round = ++this.loadRound;
    try {
      const recordings = await this.app.client.call('recordings.list', {});
      if (round === this.loadRound) this.list.set({ loaded: true, recordings: newestFirst(recordings) });
    } catch (error) {
      if (error instanceof ContractCallError && error.code === 'disconnected') return;
      if (round === this.loadRound)
        this.list.update((s) => ({ ...s, loaded: true, error: describeError(error) }));
    }
  }
}
