import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RecordingContent, RecordingInfo } from '../../../src-shared/model/recording.js';
import { TargetRefSchema } from '../../../src-shared/model/target.js';
import { ContractFailure } from './contract-failure.js';

/** The player gets at most this much of a file (the start of a longer one). */
const MAX_PLAY_BYTES = 16 * 1024 * 1024;
const ID_PATTERN = /^[\w.-]{1,128}$/;

const HeaderSchema = z.object({
  version: z.literal(2),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timestamp: z.number().optional(),
  title: z.string().optional(),
  'ssm-desk': z.object({ target: TargetRefSchema.optional() }).optional(),
});
const EventSchema = z.tuple([z.number().nonnegative(), z.string(), z.string()]);

/** The recordings folder: lists, reads (for the player) and deletes asciicast files. */
export class RecordingLibrary {
  constructor(
    readonly directory: string,
    private readonly live: () => ReadonlySet<string>,
  ) {}

  async list(): Promise<RecordingInfo[]> {
    const names = await readdir(this.directory).catch(() => [] as string[]);
    const infos = await Promise.all(
      names.filter((name) => name.endsWith('.cast')).map((name) => this.info(name.slice(0, -'.cast'.length))),
    );
    return infos
      .filter((info): info is RecordingInfo => info !== undefined)
      .sort((a, b) => b.startedAt - a.startedAt);
  }

  async get(id: string): Promise<RecordingContent> {
    const text = await this.read(id, MAX_PLAY_BYTES);
    const lines = text.content.split('\n');
    const header = HeaderSchema.safeParse(safeJson(lines[0] ?? ''));
    if (!header.success)
      throw new ContractFailure('invalid-params', `recording ${id} is not an asciicast v2 file`);
    const events: RecordingContent['events'] = [];
    // A cut-off last line (the file is longer than what was read, or still being written) is skipped.
    for (const line of lines.slice(1)) {
      const event = EventSchema.safeParse(safeJson(line));
      if (event.success && (event.data[1] === 'o' || event.data[1] === 'r')) {
        events.push([event.data[0], event.data[1], event.data[2]]);
      }
    }
    return { width: header.data.width, height: header.data.height, events, truncated: text.truncated };
  }

  async delete(id: string): Promise<void> {
    if (this.live().has(id))
      throw new ContractFailure('invalid-params', 'the recording is still being written');
    await rm(this.path(id));
  }

  private async info(id: string): Promise<RecordingInfo | undefined> {
    try {
      const { size } = await stat(this.path(id));
      const head = await this.read(id, 64 * 1024);
      const header = HeaderSchema.safeParse(safeJson(head.content.split('\n')[0] ?? ''));
      if (!header.success) return undefined;
      const last = await this.lastEventTime(id, size);
      return {
        id,
        title: header.data.title ?? id,
        ...(header.data['ssm-desk']?.target ? { target: header.data['ssm-desk'].target } : {}),
        startedAt: (header.data.timestamp ?? 0) * 1000,
        durationMs: Math.round(last * 1000),
        bytes: size,
        live: this.live().has(id),
      };
    } catch {
      return undefined;
    }
  }

  /** The time of the file's last complete event, read from its tail. */
  private async lastEventTime(id: string, size: number): Promise<number> {
    const length = Math.min(size, 64 * 1024);
    const handle = await open(this.path(id), 'r');
    try {
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split('\n').reverse();
      for (const line of lines) {
        const event = EventSchema.safeParse(safeJson(line));
        if (event.success) return event.data[0];
      }
      return 0;
    } finally {
      await handle.close();
    }
  }

  private async read(id: string, limit: number): Promise<{ content: string; truncated: boolean }> {
    let handle;
    try {
      handle = await open(this.path(id), 'r');
    } catch {
      throw new ContractFailure('not-found', `no recording ${id}`);
    }
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, limit));
      await handle.read(buffer, 0, buffer.length, 0);
      return { content: buffer.toString('utf8'), truncated: size > limit };
    } finally {
      await handle.close();
    }
  }

  private path(id: string): string {
    if (!ID_PATTERN.test(id)) throw new ContractFailure('not-found', `no recording ${id}`);
    return join(this.directory, `${id}.cast`);
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
