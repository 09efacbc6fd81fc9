import type { TerminalIO, TerminalSize } from '../sessions/terminal-io.js';

/**
 * The terminal a ShellHandle gives the shell session: input from ShellHandle.write(), output handed
 * to a callback (the handle's 'output' events), a size set by resize(). Output can be paused: while
 * it is, write() keeps what it is given and answers false, and drained() waits for resumeOutput().
 * The shell session then leaves that message unacknowledged, so the agent stops sending after its
 * window: the consumer's pace reaches the remote end, and memory here holds one message at most.
 */
export class HandleTerminal implements TerminalIO {
  private onData: ((chunk: Buffer) => void) | undefined;
  private readonly pending: Buffer[] = [];
  private readonly resizeListeners: Array<() => void> = [];
  private paused = false;
  private held: Buffer[] = [];
  private drainWaiters: Array<() => void> = [];

  constructor(
    private currentSize: TerminalSize,
    private readonly emitOutput: (data: Buffer) => void,
  ) {}

  /** Keystrokes from the program; kept until the session starts reading. */
  input(chunk: Buffer): void {
    if (this.onData) this.onData(chunk);
    else this.pending.push(chunk);
  }

  setSize(size: TerminalSize): void {
    this.currentSize = size;
    for (const listener of this.resizeListeners) listener();
  }

  get outputPaused(): boolean {
    return this.paused;
  }

  pauseOutput(): void {
    this.paused = true;
  }

  /** Emits the output held while paused (even after the session ended), then wakes the session. */
  resumeOutput(): void {
    if (!this.paused) return;
    this.paused = false;
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.emitOutput(chunk);
    this.wakeWriters();
  }

  start(onData: (chunk: Buffer) => void): void {
    this.onData = onData;
    for (const chunk of this.pending.splice(0)) onData(chunk);
  }

  write(data: Uint8Array): boolean {
    const chunk = Buffer.from(data);
    if (this.paused) {
      this.held.push(chunk);
      return false;
    }
    this.emitOutput(chunk);
    return true;
  }

  drained(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  size(): TerminalSize {
    return this.currentSize;
  }

  onResize(listener: () => void): void {
    this.resizeListeners.push(listener);
  }

  pauseInput(): void {}
  resumeInput(): void {}

  /** The session is over: nobody waits for a resume any more (held output still comes on resume). */
  restore(): void {
    this.resizeListeners.length = 0;
    this.wakeWriters();
  }

  private wakeWriters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }
}
