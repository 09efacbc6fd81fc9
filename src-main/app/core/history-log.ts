import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HistoryEntrySchema, type HistoryEntry } from '../../../src-shared/model/history.js';
import type { SessionEndInfo } from '../../../src-shared/model/session-end.js';
import type { JsonStore, StoreSpec } from './json-store.js';

/** How many sessions the history keeps (the oldest go first). */
const HISTORY_LIMIT = 1000;

/** history.json: what was opened, when, on which instance and profile, how it ended. */
export const HISTORY_STORE: StoreSpec<HistoryEntry[]> = {
  file: 'history.json',
  version: 1,
  schema: z.array(HistoryEntrySchema).max(HISTORY_LIMIT),
  defaults: () => [],
};

/** The session history, newest first, written as sessions start and end. */
export class HistoryLog {
  constructor(
    private readonly store: JsonStore<HistoryEntry[]>,
    private readonly changed: () => void,
  ) {}

  list(): HistoryEntry[] {
    return this.store.get();
  }

  begin(entry: Omit<HistoryEntry, 'id' | 'startedAt'>): string {
    const id = randomUUID();
    this.write([{ ...entry, id, startedAt: Date.now() }, ...this.store.get()].slice(0, HISTORY_LIMIT));
    return id;
  }

  /** Adds what is known later (the session id) or how it ended. */
  update(id: string, fields: { sessionId?: string; end?: SessionEndInfo; ended?: boolean }): void {
    const { ended, ...rest } = fields;
    this.write(
      this.store
        .get()
        .map((entry) =>
          entry.id === id
            ? { ...entry, ...rest, ...(ended || rest.end ? { endedAt: Date.now() } : {}) }
            : entry,
        ),
    );
  }

  clear(): void {
    this.write([]);
  }

  private write(entries: HistoryEntry[]): void {
    // A history that cannot be written is not worth failing a session for.
    void this.store.set(entries).catch(() => undefined);
    this.changed();
  }
}
