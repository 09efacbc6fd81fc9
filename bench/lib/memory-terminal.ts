import type { TerminalIO, TerminalSize } from '../../src-main/sessions/terminal-io.js';

/** A TerminalIO in memory: `type()` is a keystroke, `onOutput` sees every byte the session writes. */
export class MemoryTerminal implements TerminalIO {
  onOutput: (chunk: Buffer, at: number) => void = () => undefined;
  private input: ((chunk: Buffer) => void) | undefined;
  private endInput: ((reason: string) => void) | undefined;

  constructor(private readonly dimensions: TerminalSize = { cols: 120, rows: 40 }) {}

  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void {
    this.input = onData;
    this.endInput = onEnd;
  }

  type(chunk: Buffer | string): void {
    if (!this.input) throw new Error('the shell session has not started reading the terminal');
    this.input(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }

  write(data: Uint8Array): boolean {
    this.onOutput(Buffer.from(data.buffer, data.byteOffset, data.length), performance.now());
    return true;
  }

  drained(): Promise<void> {
    return Promise.resolve();
  }

  size(): TerminalSize {
    return this.dimensions;
  }

  onResize(): void {}

  pauseInput(): void {}

  resumeInput(): void {}

  restore(): void {
    this.input = undefined;
  }

  /** Ends input as an EOF would. */
  end(): void {
    this.endInput?.('EOF');
  }
}
