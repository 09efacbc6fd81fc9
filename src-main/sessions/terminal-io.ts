/**
 * The local terminal as the shell session sees it: bytes in, bytes out, a size. The engine does not
 * know what is behind it (a process TTY in the CLI faces, an xterm.js tab in the desktop app).
 */
export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface TerminalIO {
  /** Starts delivering input. `onEnd` runs once when input ends (EOF or error). */
  start(onData: (chunk: Buffer) => void, onEnd: (reason: string) => void): void;
  /** Writes output; false means wait for `drained()` before writing more. */
  write(data: Uint8Array): boolean;
  drained(): Promise<void>;
  /** Current size, or undefined when it cannot be read. */
  size(): TerminalSize | undefined;
  /** Calls back on every size change (SIGWINCH for a TTY). */
  onResize(listener: () => void): void;
  pauseInput(): void;
  resumeInput(): void;
  /** Gives the terminal back as it was (mode, listeners). Safe to call more than once. */
  restore(): void;
}
