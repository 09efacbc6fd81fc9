import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_TIMEOUT_MINUTES, IdleTimer, idleTimeoutMs, type IdleClock } from './idle-timeout.js';

/** A hand-driven clock: timers fire only when the test moves time forward. */
class ManualClock implements IdleClock {
  time = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

describe('IdleTimer (the service idle clock)', () => {
  it('ends a session with no input once, exactly at the timeout', () => {
    const clock = new ManualClock();
    let idle = 0;
    new IdleTimer(
      () => 1000,
      () => idle++,
      clock,
    );
    clock.advance(999);
    expect(idle).toBe(0);
    clock.advance(1);
    expect(idle).toBe(1);
    clock.advance(10_000);
    expect(idle).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('counts the timeout from the last input, however often input arrives', () => {
    const clock = new ManualClock();
    let idle = 0;
    const timer = new IdleTimer(
      () => 1000,
      () => idle++,
      clock,
    );
    for (let i = 0; i < 20; i++) {
      clock.advance(400);
      timer.touch();
    }
    expect(idle).toBe(0);
    // One timer at a time, however much input came.
    expect(clock.pending).toBe(1);
    clock.advance(999);
    expect(idle).toBe(0);
    clock.advance(1);
    expect(idle).toBe(1);
  });

  it('reads the timeout again at each check, and stop() cancels it', () => {
    const clock = new ManualClock();
    let timeout = 5000;
    let idle = 0;
    const timer = new IdleTimer(
      () => timeout,
      () => idle++,
      clock,
    );
    timeout = 1000;
    clock.advance(5000);
    expect(idle).toBe(1);
    const stopped = new IdleTimer(
      () => 1000,
      () => idle++,
      clock,
    );
    stopped.stop();
    clock.advance(5000);
    expect(idle).toBe(1);
    expect(clock.pending).toBe(0);
    timer.stop();
  });
});

describe('idleTimeoutMs', () => {
  it('is the service default of 20 minutes, the preference in minutes, or the test-only seconds', () => {
    expect(idleTimeoutMs({})).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES * 60_000);
    expect(DEFAULT_IDLE_TIMEOUT_MINUTES).toBe(20);
    expect(idleTimeoutMs({ idleSessionTimeoutMinutes: 5 })).toBe(300_000);
    expect(idleTimeoutMs({ idleSessionTimeoutMinutes: 5, idleSessionTimeoutSeconds: 1.5 })).toBe(1500);
  });
});
