import type { SessionPreferences } from '../model.js';

/**
 * What the service writes into channel_closed when it ends an idle session. Users quote it in
 * aws/amazon-ssm-agent#261 ("SessionId: <id> : Your session timed out due to inactivity and has been
 * terminated."); the plugin prints `SessionId: <id> : <Output>`.
 */
export const IDLE_TIMEOUT_TEXT = 'Your session timed out due to inactivity and has been terminated.';

/** The service's default when the preferences document sets no idleSessionTimeout. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 20;

/**
 * The idle timeout in effect: the test-only `idleSessionTimeoutSeconds` when set, otherwise
 * `idleSessionTimeoutMinutes` (1..60, as the console allows), otherwise the service's 20 minutes.
 */
export function idleTimeoutMs(preferences: SessionPreferences): number {
  if (preferences.idleSessionTimeoutSeconds !== undefined)
    return preferences.idleSessionTimeoutSeconds * 1000;
  return (preferences.idleSessionTimeoutMinutes ?? DEFAULT_IDLE_TIMEOUT_MINUTES) * 60_000;
}

export interface IdleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: IdleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // An idle session must not keep the emulator's process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * The service's idle clock for one session: `touch()` on every input message from the client; when
 * no input arrived for the timeout, `onIdle` runs once. One timer is kept armed for the earliest
 * moment the session could be idle, so input costs a clock read, not a timer reset. The timeout is
 * read again at each check, so a changed setting applies from the next check on.
 */
export class IdleTimer {
  private lastActivity: number;
  private handle: unknown;
  private stopped = false;

  constructor(
    private readonly timeoutMs: () => number,
    private readonly onIdle: () => void,
    private readonly clock: IdleClock = REAL_CLOCK,
  ) {
    this.lastActivity = clock.now();
    this.arm(timeoutMs());
  }

  touch(): void {
    this.lastActivity = this.clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(ms: number): void {
    this.handle = this.clock.setTimeout(() => this.check(), Math.max(0, ms));
  }

  private check(): void {
    this.handle = undefined;
    if (this.stopped) return;
    const remaining = this.lastActivity + this.timeoutMs() - this.clock.now();
    if (remaining > 0) {
      this.arm(remaining);
      return;
    }
    this.stopped = true;
    this.onIdle();
  }
}
