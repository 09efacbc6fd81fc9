/** Waits between StartSession attempts in one outage: 1 s doubling to 30 s, then every 30 s. */
export const RESTART_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
/** A session that stayed up this long ends an outage; one lost sooner is part of the same outage. */
export const STABLE_AFTER_MS = 60_000;

/**
 * The backoff of a tunnel's replacement loop, over one outage rather than one attempt (issue 8 §1):
 * a replacement session that is lost soon after it started counts as a failure like a refused
 * StartSession, so a service that accepts and then drops every session is tried less and less often
 * (to every 30 s) instead of at once, for ever. Only a session that stayed up resets it.
 */
export class RestartBackoff {
  private failures = 0;

  constructor(
    private readonly delays: readonly number[] = RESTART_DELAYS_MS,
    private readonly stableAfterMs = STABLE_AFTER_MS,
  ) {}

  /** The session was lost after `upMs`: how long to wait before the first StartSession (0: at once). */
  sessionLost(upMs: number): number {
    if (upMs >= this.stableAfterMs) {
      this.failures = 0;
      return 0;
    }
    return this.fail();
  }

  /** A StartSession (or its handshake) failed: how long to wait before the next one. */
  attemptFailed(): number {
    return this.fail();
  }

  private fail(): number {
    this.failures++;
    return this.delays[Math.min(this.failures - 1, this.delays.length - 1)] ?? 0;
  }
}
