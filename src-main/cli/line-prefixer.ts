import { Writable } from 'node:stream';

/** A line longer than this is written in pieces, each with the prefix, so memory stays bounded. */
const MAX_HELD_BYTES = 64 * 1024;

/**
 * A stream that writes whole lines to `target`, each after `prefix` (`web-1 | `), so that the output
 * of many instances sharing one stdout never mixes within a line. A partial line is held until its
 * newline comes, or until end(), which writes it with a newline added. Waits for the target to drain
 * when it is backed up, so a slow pipe slows the remote command instead of filling memory.
 */
export class LinePrefixer extends Writable {
  private held: Buffer = Buffer.alloc(0);

  constructor(
    private readonly target: NodeJS.WritableStream,
    private readonly prefix: string,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    let data = this.held.length > 0 ? Buffer.concat([this.held, chunk]) : chunk;
    const lines: Buffer[] = [];
    for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a)) {
      lines.push(data.subarray(0, newline + 1));
      data = data.subarray(newline + 1);
    }
    while (data.length > MAX_HELD_BYTES) {
      lines.push(Buffer.concat([data.subarray(0, MAX_HELD_BYTES), Buffer.from('\n')]));
      data = data.subarray(MAX_HELD_BYTES);
    }
    this.held = Buffer.from(data);
    this.emitLines(lines, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    this.emitLines(rest.length > 0 ? [Buffer.concat([rest, Buffer.from('\n')])] : [], done);
  }

  private emitLines(lines: Buffer[], done: (error?: Error | null) => void): void {
    if (lines.length === 0) {
      done();
      return;
    }
    const prefix = Buffer.from(this.prefix);
    const text = Buffer.concat(lines.flatMap((line) => [prefix, line]));
    if (this.target.write(text)) done();
    else this.target.once('drain', () => done());
  }
}
