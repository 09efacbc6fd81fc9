import type { TerminalIO, TerminalSize } from '../sessions/terminal-io.js';
import { ESCAPE_HELP, EscapeScanner, type EscapeAction } from './escape-scanner.js';

/** A TerminalIO wrapper that takes OpenSSH-style escapes out of the keyboard input. */
export class EscapeTerminal implements TerminalIO {
  private readonly scanner = new EscapeScanner();

  constructor(
    private readonly inner: TerminalIO,
    private readonly onEscape: (action: EscapeAction) => void,
  ) {}

  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void {
    this.inner.start((chunk) => {
      const { forward, actions } = this.scanner.scan(chunk);
      if (forward.length > 0) onData(forward);
      for (const action of actions) {
        if (action === 'help') this.inner.write(Buffer.from(`~?\r\n${ESCAPE_HELP}`));
        this.onEscape(action);
      }
    }, onEnd);
  }

  write(data: Uint8Array): boolean {
    return this.inner.write(data);
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
