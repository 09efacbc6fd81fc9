import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/**
 * A real terminal for end-to-end tests: a detached tmux session on a private server socket, so tests
 * never touch a user's tmux and can resize, type and read the screen like a person would.
 */
export class TmuxTerminal {
  private runs = 0;

  private constructor(
    private readonly socketName: string,
    readonly target: string,
  ) {}

  /** Starts `command` (run by bash) in a new window of the given size. */
  static start(
    command: string,
    options: { env: NodeJS.ProcessEnv; cols?: number; rows?: number },
  ): TmuxTerminal {
    const socketName = `ssm-desk-e2e-${randomBytes(4).toString('hex')}`;
    const terminal = new TmuxTerminal(socketName, 'main');
    terminal.tmux(
      [
        '-f',
        '/dev/null',
        'new-session',
        '-d',
        '-s',
        'main',
        '-x',
        String(options.cols ?? 120),
        '-y',
        String(options.rows ?? 40),
        'bash',
        '--norc',
        '--noprofile',
        '-c',
        command,
      ],
      options.env,
    );
    terminal.tmux(['set-option', '-t', 'main', 'remain-on-exit', 'on']);
    // A window follows the size we set, not the size of the (absent) client.
    terminal.tmux(['set-window-option', '-t', 'main', 'window-size', 'manual']);
    return terminal;
  }

  /** Types text; `enter` presses Enter after it. Literal mode, so nothing is interpreted as a key name. */
  type(text: string, enter = false): void {
    if (text) this.tmux(['send-keys', '-t', this.target, '-l', '--', text]);
    if (enter) this.tmux(['send-keys', '-t', this.target, 'Enter']);
  }

  /** Sends tmux key names, e.g. 'C-c'. */
  keys(...names: string[]): void {
    this.tmux(['send-keys', '-t', this.target, ...names]);
  }

  /** The screen plus scrollback, as plain text. */
  capture(historyLines = 3000): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', this.target, '-S', `-${historyLines}`]);
  }

  resize(cols: number, rows: number): void {
    this.tmux(['resize-window', '-t', this.target, '-x', String(cols), '-y', String(rows)]);
  }

  /** The exit status of the pane's command once it has ended, otherwise undefined. */
  exitStatus(): number | undefined {
    const [dead, status] = this.tmux([
      'display-message',
      '-p',
      '-t',
      this.target,
      '#{pane_dead} #{pane_dead_status}',
    ])
      .trim()
      .split(' ');
    return dead === '1' ? Number(status) : undefined;
  }

  /**
   * Resolves with the screen once it matches `pattern`. tmux announces no screen changes, so this polls
   * the condition itself (every 100 ms) rather than waiting a guessed time.
   */
  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.capture();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern} on the tmux screen:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Runs the shell command line `command` again and again until its output matches `pattern`: for state
   * that settles asynchronously (a window resize travelling to the remote pty) instead of a guessed
   * delay. Each run ends by printing its own marker, so the next run starts only after the previous one
   * has printed everything, and only the latest run's output is matched. Resolves with that output.
   */
  async runUntil(command: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const marker = `RUN-UNTIL-${++this.runs}`;
      const markerLine = new RegExp(`^${marker}\\s*$`, 'm');
      this.type(`${command}; echo ${marker}`, true);
      const screen = await this.waitFor(markerLine, Math.max(0, deadline - Date.now()));
      const output = screen.slice(screen.lastIndexOf(`echo ${marker}`), screen.search(markerLine));
      if (pattern.test(output)) return output;
      if (Date.now() > deadline) {
        throw new Error(`${command} never printed ${pattern}; last output:\n${output}`);
      }
    }
  }

  async waitForExit(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== undefined) return status;
      if (Date.now() > deadline) throw new Error(`command did not exit; screen:\n${this.capture()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
  }

  private tmux(args: string[], env?: NodeJS.ProcessEnv): string {
    return execFileSync('tmux', ['-L', this.socketName, ...args], {
      encoding: 'utf8',
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
}
