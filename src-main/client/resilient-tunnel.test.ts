import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SessionEnd } from '../sessions/session-type.js';
import {
  HOLD_LIMIT_MS,
  ResilientTunnel,
  type HeldConnectionsClosed,
  type RestartFailure,
  type TunnelEvent,
  type TunnelSession,
  type TunnelSessionContext,
} from './resilient-tunnel.js';
import { RESTART_DELAYS_MS, STABLE_AFTER_MS } from './restart-backoff.js';
import type { TunnelTimers } from './tunnel-timers.js';

/** Lets every promise chain that is ready settle (they all run before the next check phase). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock that moves only when told to, running due timers in order. */
class FakeClock implements TunnelTimers {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
    await settle();
  }
}

class FakeSession implements TunnelSession {
  readonly attached: Socket[] = [];
  readonly done: Promise<SessionEnd>;
  closed = false;
  private resolveDone!: (end: SessionEnd) => void;
  constructor(
    readonly sessionId: string,
    readonly context: TunnelSessionContext,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }
  attach(socket: Socket): void {
    this.attached.push(socket);
  }
  end(end: SessionEnd): void {
    this.context.onChannelState('closed');
    this.resolveDone(end);
  }
  async close(): Promise<void> {
    this.closed = true;
    this.end({ kind: 'local', reason: 'closed' });
  }
}

/** StartSession as the test decides: each call waits until the test answers it. */
class FakeOpener {
  readonly calls: Array<{
    context: TunnelSessionContext;
    signal: AbortSignal;
    succeed(): FakeSession;
    fail(message: string): void;
  }> = [];
  private count = 0;
  readonly open = (context: TunnelSessionContext, signal: AbortSignal): Promise<TunnelSession> =>
    new Promise((resolve, reject) => {
      this.calls.push({
        context,
        signal,
        succeed: () => {
          const session = new FakeSession(`s-${++this.count}`, context);
          resolve(session);
          return session;
        },
        fail: (message) => reject(new Error(message)),
      });
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  get last() {
    const call = this.calls.at(-1);
    if (!call) throw new Error('StartSession was not called');
    return call;
  }
}

interface Recorded {
  clock: FakeClock;
  opener: FakeOpener;
  tunnel: ResilientTunnel;
  states: TunnelEvent[];
  retries: RestartFailure[];
  heldClosed: HeldConnectionsClosed[];
  first: FakeSession;
}

async function started(): Promise<Recorded> {
  const clock = new FakeClock();
  const opener = new FakeOpener();
  const states: TunnelEvent[] = [];
  const tunnel = new ResilientTunnel(opener.open, { timers: clock, onStateChange: (e) => states.push(e) });
  const retries: RestartFailure[] = [];
  const heldClosed: HeldConnectionsClosed[] = [];
  tunnel.on('retry', (failure) => retries.push(failure));
  tunnel.on('held-closed', (closed) => heldClosed.push(closed));
  const starting = tunnel.start();
  await settle();
  const first = opener.last.succeed();
  await starting;
  return { clock, opener, tunnel, states, retries, heldClosed, first };
}

const lost: SessionEnd = { kind: 'failed', error: new Error('websocket closed (1006)') };

describe('the surviving tunnel: restart and hold (fake clock)', () => {
  it('a session lost soon after each start is one outage: the waits grow and are not reset', async () => {
    const { clock, opener, tunnel, states, first } = await started();
    let session = first;
    const waits: number[] = [];
    for (let cycle = 0; cycle < RESTART_DELAYS_MS.length + 1; cycle++) {
      await clock.advance(100); // up for 0.1 s only
      session.end(lost);
      const callsBefore = opener.calls.length;
      let waited = 0;
      while (opener.calls.length === callsBefore) {
        await clock.advance(100);
        waited += 100;
        if (waited > 60_000) throw new Error('no StartSession within a minute');
      }
      waits.push(waited);
      session = opener.last.succeed();
      await settle();
    }
    expect(waits).toEqual([...RESTART_DELAYS_MS, 30_000]);
    // One event per change: restarting, then open, each time; never the same state twice in a row.
    const kinds = states.map((event) => event.state);
    expect(kinds).toEqual(['open', ...waits.flatMap(() => ['restarting', 'open'])]);
    expect(states.at(-1)).toMatchObject({
      state: 'open',
      detail: 'new session',
      sessionId: session.sessionId,
    });
    expect(states[1]).toMatchObject({ state: 'restarting', detail: 'websocket closed (1006)' });

    // A session that stayed up ends the outage: the next loss starts again at once.
    await clock.advance(STABLE_AFTER_MS);
    const callsBefore = opener.calls.length;
    session.end(lost);
    await settle();
    expect(opener.calls.length).toBe(callsBefore + 1);
    await tunnel.close();
  });

  it('failed StartSessions are retried with growing waits, as retry events, not state changes', async () => {
    const { clock, opener, tunnel, states, retries, first } = await started();
    await clock.advance(STABLE_AFTER_MS);
    first.end({ kind: 'timed-out' });
    await settle();
    expect(opener.calls).toHaveLength(2); // the first session had been up: at once
    for (let i = 0; i < 4; i++) {
      opener.last.fail(`ThrottlingException ${i}`);
      await settle();
      await clock.advance(RESTART_DELAYS_MS[i] ?? 0);
    }
    expect(retries.map((r) => r.retryInMs)).toEqual(RESTART_DELAYS_MS.slice(0, 4));
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3, 4]);
    expect(retries[0]?.error).toEqual({ code: 'unknown', message: 'ThrottlingException 0' });
    expect(states.map((event) => event.state)).toEqual(['open', 'restarting']);
    expect(opener.calls).toHaveLength(6);
    await tunnel.close();
  });

  it('holds connections while restarting, closes those that waited past the limit, hands the rest over', async () => {
    const { clock, opener, tunnel, heldClosed, first } = await started();
    await clock.advance(STABLE_AFTER_MS);
    first.end(lost);
    await settle();
    const early = new Socket();
    tunnel.attach(early);
    await clock.advance(60_000);
    const later = new Socket();
    tunnel.attach(later);
    // StartSession keeps failing: attempts come and go while the connections wait.
    opener.last.fail('TargetNotConnected');
    await clock.advance(HOLD_LIMIT_MS - 60_000 - 1);
    expect(early.destroyed).toBe(false);
    expect(heldClosed).toEqual([]);
    await clock.advance(1);
    expect(early.destroyed).toBe(true);
    expect(later.destroyed).toBe(false);
    expect(heldClosed).toEqual([{ count: 1, waitedMs: HOLD_LIMIT_MS }]);
    expect(tunnel.heldConnections).toBe(1);
    // The attempt under way succeeds before the second one's limit: that session carries it.
    await clock.advance(30_000);
    const next = opener.last.succeed();
    await settle();
    expect(next.attached).toEqual([later]);
    expect(later.destroyed).toBe(false);
    expect(tunnel.heldConnections).toBe(0);
    await clock.advance(HOLD_LIMIT_MS);
    expect(heldClosed).toHaveLength(1);
    await tunnel.close();
  });

  it('holds new connections while the socket is resumed and hands them to the resumed session', async () => {
    const { tunnel, states, first } = await started();
    first.context.onChannelState('reconnecting', 'websocket closed (1006)');
    const socket = new Socket();
    tunnel.attach(socket);
    expect(first.attached).toEqual([]);
    first.context.onChannelState('open');
    expect(first.attached).toEqual([socket]);
    expect(states.map((e) => [e.state, e.detail])).toEqual([
      ['open', 'new session'],
      ['reconnecting', 'websocket closed (1006)'],
      ['open', 'resumed'],
    ]);
    await tunnel.close();
  });

  it('close() during a retry wait stops everything: no StartSession later, no timer left, closed once', async () => {
    const { clock, opener, tunnel, states, first } = await started();
    const held = new Socket();
    first.end(lost);
    await settle();
    opener.last.fail('ThrottlingException');
    await settle();
    tunnel.attach(held);
    expect(clock.pendingTimers).toBeGreaterThan(0);
    const calls = opener.calls.length;
    await tunnel.close();
    await tunnel.close();
    expect(clock.pendingTimers).toBe(0);
    expect(held.destroyed).toBe(true);
    await clock.advance(10 * 60_000);
    expect(opener.calls.length).toBe(calls);
    expect(await tunnel.done).toEqual({ kind: 'local', reason: 'closed' });
    // Closed by the caller: no reason to give (the CLI printed "closed (closed)" for it).
    expect(states.filter((e) => e.state === 'closed')).toEqual([{ state: 'closed', sessionId: 's-1' }]);
  });

  it('close() while a replacement is starting aborts it; a session that still arrives is closed', async () => {
    const { opener, tunnel, first } = await started();
    first.end(lost);
    await settle();
    const pending = opener.last;
    const closing = tunnel.close();
    expect(pending.signal.aborted).toBe(true);
    await closing;
    const late = pending.succeed();
    await settle();
    expect(late.attached).toEqual([]);
  });

  it('pushes counters as stats events, at most once per second, the last values included', async () => {
    const { clock, tunnel, first } = await started();
    const seen: Array<{ at: number; bytesIn: number }> = [];
    tunnel.on('stats', (stats) => seen.push({ at: clock.now(), bytesIn: stats.bytesIn }));
    first.context.stats.connectionsOpen++;
    first.context.stats.bytesIn += 10;
    await clock.advance(0);
    expect(seen).toEqual([{ at: 0, bytesIn: 10 }]);
    for (let i = 0; i < 5; i++) {
      first.context.stats.bytesIn += 10;
      await clock.advance(300);
    }
    expect(seen).toEqual([
      { at: 0, bytesIn: 10 },
      { at: 1000, bytesIn: 50 },
    ]);
    first.context.stats.bytesIn += 5;
    await tunnel.close();
    expect(seen.at(-1)).toEqual({ at: 1500, bytesIn: 65 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps one id across its sessions', async () => {
    const { clock, opener, tunnel, first } = await started();
    const id = tunnel.id;
    await clock.advance(STABLE_AFTER_MS);
    first.end({ kind: 'timed-out' });
    await settle();
    opener.last.succeed();
    await settle();
    expect(tunnel.sessionId).toBe('s-2');
    expect(tunnel.id).toBe(id);
    await tunnel.close();
  });
});
