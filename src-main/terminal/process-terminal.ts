import type { ReadStream, WriteStream } from 'node:tty';
import type { TerminalIO, TerminalSize } from '../sessions/terminal-io.js';

type Input = NodeJS.ReadableStream &
  Partial<Pick<ReadStream, 'isTTY' | 'setRawMode'>> & { pause(): void; resume(): void };
type Output = NodeJS.WritableStream & Partial<Pick<WriteStream, 'isTTY' | 'columns' | 'rows'>>;

/** Signals the Go plugin turns into bytes for the remote shell (spec §7.2). */
const SIGNAL_BYTES: ReadonlyArray<[NodeJS.Signals, number]> = [
  ['SIGINT', 0x03],
  ['SIGQUIT', 0x1c],
  ['SIGTSTP', 0x1a],
];

/**
 * The process's own terminal (stdin/stdout) as a TerminalIO, for the plugin and CLI faces.
 *
 * Raw mode rather than Go's `stty cbreak -echo`: with ISIG off, Ctrl-C, Ctrl-\ and Ctrl-Z arrive as the
 * bytes 0x03, 0x1C and 0x1A and are sent like any other key; the same signals sent by `kill` are still
 * caught and forwarded as those bytes, as Go does. Raw mode also turns off OPOST, so `restore()` must
 * run before any exit text is printed (spec §12.10). It is registered on process exit too, so the
 * terminal comes back on every path.
 */
export class ProcessTerminal implements TerminalIO {
  private rawModeSet = false;
  private restored = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly input: Input = process.stdin,
    private readonly output: Output = process.stdout,
  ) {
    const onExit = (): void => this.restore();
    process.once('exit', onExit);
    this.cleanups.push(() => process.removeListener('exit', onExit));
  }

  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void {
    if (this.input.isTTY && this.input.setRawMode) {
      this.input.setRawMode(true);
      this.rawModeSet = true;
    }
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      onEnd(reason);
    };
    const onInput = (chunk: Buffer | string): void =>
      onData(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const onInputEnd = (): void => end('EOF');
    const onInputError = (error: Error): void => end(error.message);
    this.input.on('data', onInput);
    this.input.on('end', onInputEnd);
    this.input.on('error', onInputError);
    this.cleanups.push(() => {
      this.input.removeListener('data', onInput);
      this.input.removeListener('end', onInputEnd);
      this.input.removeListener('error', onInputError);
    });
    for (const [signal, byte] of SIGNAL_BYTES) {
      const forward = (): void => onData(Buffer.from([byte]));
      process.on(signal, forward);
      this.cleanups.push(() => process.removeListener(signal, forward));
    }
    this.input.resume();
  }

  write(data: Uint8Array): boolean {
    return this.output.write(data);
  }

  drained(): Promise<void> {
    return new Promise((resolve) => this.output.once('drain', () => resolve()));
  }

  size(): TerminalSize | undefined {
    const { columns, rows } = this.output;
    if (!this.output.isTTY || !columns || !rows) return undefined;
    return { cols: columns, rows };
  }

  onResize(listener: () => void): void {
    // Node emits 'resize' on a TTY stdout when SIGWINCH arrives.
    this.output.on('resize', listener);
    this.cleanups.push(() => this.output.removeListener('resize', listener));
  }

  pauseInput(): void {
    this.input.pause();
  }

  resumeInput(): void {
    if (!this.restored) this.input.resume();
  }

  restore(): void {
    if (this.restored) return;
    this.restored = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    if (this.rawModeSet && this.input.setRawMode) {
      try {
        this.input.setRawMode(false);
      } catch {
        // The terminal may already be gone (hang-up); nothing left to restore.
      }
    }
    this.input.pause();
  }
}
