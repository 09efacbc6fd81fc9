import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TargetRef } from '../../../src-shared/model/target.js';
import { redactText } from '../../logging/redact.js';

/** Output is redacted a line at a time (a secret split across chunks must still be caught). */
const MAX_PENDING_CHARS = 16 * 1024;

/**
 * Records a shell tab's output as an asciicast v2 file (https://docs.asciinema.org): a JSON header
 * line, then one `[seconds, "o", text]` line per output and `[seconds, "r", "COLSxROWS"]` per resize.
 * Only output is kept, never keystrokes (passwords are typed without echo). Output passes through
 * the same redaction as the logs, a line at a time; each event keeps the time its first chunk came.
 */
export class SessionRecorder {
  private pending = '';
  private pendingAt = 0;
  private closed = false;

  private constructor(
    readonly id: string,
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly startedAt: number,
  ) {}

  static async start(
    directory: string,
    id: string,
    header: { title: string; cols: number; rows: number; target: TargetRef },
  ): Promise<SessionRecorder> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const path = join(directory, `${id}.cast`);
    const stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    const startedAt = Date.now();
    stream.write(
      `${JSON.stringify({
        version: 2,
        width: header.cols,
        height: header.rows,
        timestamp: Math.floor(startedAt / 1000),
        title: header.title,
        env: { TERM: 'xterm-256color' },
        // Not part of asciicast: where it was recorded, for the app's list.
        'ssm-desk': { target: header.target },
      })}\n`,
    );
    return new SessionRecorder(id, path, stream, startedAt);
  }

  output(text: string): void {
    if (this.closed || text.length === 0) return;
    if (this.pending.length === 0) this.pendingAt = Date.now();
    this.pending += text;
    const end = this.pending.lastIndexOf('\n');
    if (end >= 0) this.flush(end + 1);
    else if (this.pending.length > MAX_PENDING_CHARS) this.flush(this.pending.length);
  }

  resize(cols: number, rows: number): void {
    if (this.closed) return;
    this.flush(this.pending.length);
    this.event(Date.now(), 'r', `${cols}x${rows}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(this.pending.length);
    this.closed = true;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }

  private flush(upTo: number): void {
    if (upTo === 0) return;
    const text = this.pending.slice(0, upTo);
    this.pending = this.pending.slice(upTo);
    this.event(this.pendingAt, 'o', redactText(text));
    if (this.pending.length > 0) this.pendingAt = Date.now();
  }

  private event(at: number, kind: 'o' | 'r', data: string): void {
    const seconds = Math.max(0, (at - this.startedAt) / 1000);
    this.stream.write(`${JSON.stringify([Number(seconds.toFixed(6)), kind, data])}\n`);
  }
}
