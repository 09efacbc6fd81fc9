import type { TerminalIO, TerminalSize } from '../sessions/terminal-io.js';
import { ESCAPE_HELP, EscapeScanner, type EscapeAction } from './escape-scanner.js';

/**
 * A TerminalIO wrapper that takes OpenSSH-style escapes out of the keyboard input, and knows whether
 * the screen's cursor is at the start of a line (so a notice of ours can start on a line of its own).
 */
export class EscapeTerminal implements TerminalIO {
  private readonly scanner = new EscapeScanner();
  private lastByte = 0x0a;

  constructor(
    private readonly inner: TerminalIO,
    private readonly onEscape: (action: EscapeAction) => void,
  ) {}

  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void {
    this.inner.start((chunk) => {
      const { forward, actions } = this.scanner.scan(chunk);
      if (forward.length > 0) onData(forward);
      for (const action of actions) {
        if (action === 'help') this.write(Buffer.from(`~?\r\n${ESCAPE_HELP}`));
        this.onEscape(action);
      }
    }, onEnd);
  }

  write(data: Uint8Array): boolean {
    if (data.length > 0) this.lastByte = data[data.length - 1] as number;
    return this.inner.write(data);
  }

  /** Whether what was last written to the screen ended a line. */
  get atLineStart(): boolean {
    return this.lastByte === 0x0a;
  }

  /** Something else (a notice on stderr) ended a line on the same screen. */
  lineEnded(): void {
    this.lastByte = 0x0a;
  }
  drained(): Promise<void> {
    return this.inner.drained();
  }
  size(): TerminalSize | undefined {
    return this.inner.size();
  }
  onResize(listener: () => void): void {
    this.inner.onResize(listener);
  }
  pauseInput(): void {
    this.inner.pauseInput();
  }
  resumeInput(): void {
    this.inner.resumeInput();
  }
  restore(): void {
    this.inner.restore();
  }
}
