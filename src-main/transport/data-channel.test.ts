import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { PayloadType } from '../protocol/codec/message-type.js';
import type { ChannelClosed } from '../protocol/channel-closed.js';
import type { DeliveryResult } from '../protocol/reliable-channel.js';
import { FakeService, agentFrame, closedPayload } from './__fixtures__/fake-service.js';
import {
  DataChannel,
  STABLE_CONNECTION_MS,
  type DataChannelListener,
  type DataChannelOptions,
  type DataChannelState,
  type DataChannelStateEvent,
} from './data-channel.js';
import { TransportError } from './transport-error.js';
import type { Link, LinkConnector, WebSocketLinkEvents } from './websocket-link.js';

/** A link the test controls: what was sent, whether reading is paused, and a drop() like a network failure. */
class FakeLink implements Link {
  bufferedAmount = 0;
  readonly texts: string[] = [];
  readonly binaries: Buffer[] = [];
  paused = false;
  closed = false;

  constructor(readonly events: WebSocketLinkEvents) {}

  sendText(text: string): boolean {
    this.texts.push(text);
    return !this.closed;
  }
  sendBinary(frame: Buffer): boolean {
    if (this.closed) return false;
    this.binaries.push(frame);
    return true;
  }
  pauseReading(paused: boolean): void {
    this.paused = paused;
  }
  close(): void {
    this.closed = true;
  }
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.onLost(new TransportError('connection-lost', 'dropped by the test'));
  }
}

type Behaviour = 'accept' | 'accept-then-drop' | 'refuse' | 'hang';

/** Dials FakeLinks; `next` decides what each dial does. */
class Links {
  readonly all: FakeLink[] = [];
  next: Behaviour = 'accept';
  readonly connector: LinkConnector = (events, signal) => {
    const behaviour = this.next;
    if (behaviour === 'refuse')
      return Promise.reject(new TransportError('dial-failed', 'refused by the test'));
    if (behaviour === 'hang') {
      return new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => reject(new TransportError('aborted', 'aborted')), {
          once: true,
        }),
      );
    }
    const link = new FakeLink(events);
    this.all.push(link);
    // A proxy that accepts and drops at once: the drop comes right after the connection is up.
    if (behaviour === 'accept-then-drop') setTimeout(() => link.drop(), 0);
    return Promise.resolve(link);
  };

  get last(): FakeLink {
    const link = this.all.at(-1);
    if (!link) throw new Error('no link yet');
    return link;
  }
}

interface Recorded {
  states: DataChannelStateEvent[];
  details: Array<string | undefined>;
  failed: TransportError[];
  timedOut: number;
  closed: ChannelClosed[];
  diagnostics: string[];
  delivered: ClientMessage[];
}

function listen(deliver: (message: ClientMessage) => DeliveryResult = () => 'delivered'): {
  listener: DataChannelListener;
  recorded: Recorded;
} {
  const recorded: Recorded = {
    states: [],
    details: [],
    failed: [],
    timedOut: 0,
    closed: [],
    diagnostics: [],
    delivered: [],
  };
  const listener: DataChannelListener = {
    deliver: (message) => {
      recorded.delivered.push(message);
      return deliver(message);
    },
    onChannelClosed: (content) => recorded.closed.push(content),
    onTimedOut: () => recorded.timedOut++,
    onFailed: (error) => recorded.failed.push(error),
    onDeliveryError: (error) => recorded.diagnostics.push(`delivery: ${error.message}`),
    onStateChange: (_state: DataChannelState, detail?: string, event?: DataChannelStateEvent) => {
      if (event) recorded.states.push(event);
      recorded.details.push(detail);
    },
    onDiagnostic: (text) => recorded.diagnostics.push(text),
  };
  return { listener, recorded };
}

function channel(
  links: Links,
  listener: DataChannelListener,
  overrides: Partial<DataChannelOptions> = {},
): { channel: DataChannel; resumeCalls: number[] } {
  const resumeCalls: number[] = [];
  let token = 0;
  const created = new DataChannel(
    {
      streamUrl: 'ws://unused.invalid/v1/data-channel/s',
      tokenValue: 'token-0',
      clientId: 'client-1',
      clientVersion: '1.2.707.0',
      resumeSession: () => {
        resumeCalls.push(performance.now());
        return Promise.resolve(`token-${++token}`);
      },
      connect: links.connector,
      random: () => 0, // Go's first delay is drawn from [100, 199] ms; 0 pins it to 100
      reconnectBudgetMs: 60_000,
      ...overrides,
    },
    listener,
  );
  return { channel: created, resumeCalls };
}

/** The Go retryer's delays with the jitter pinned: 100 ms doubling, capped at 5 s. */
const goDelay = (attempt: number): number => Math.min(5_000, 100 * 2 ** attempt);

describe('DataChannel reconnect with an injected clock (issue 8 §1)', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a link that is accepted and dropped at once is one outage: growing delays, one deadline, then the end', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const { channel: dc, resumeCalls } = channel(links, listener);
    await dc.open();
    const start = performance.now();
    links.next = 'accept-then-drop';
    links.last.drop();
    await vi.advanceTimersByTimeAsync(70_000);

    // Attempt 1 at once; attempt k+1 waits goDelay(k-1) after attempt k's connection died (the fake
    // clock's "at once" may cost it a millisecond); the last attempt is cut short by the deadline.
    const times = resumeCalls.map((t) => t - start);
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(60_000);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    for (const [i, gap] of gaps.slice(0, -1).entries()) {
      expect(gap - goDelay(i), `gap ${i + 1}`).toBeGreaterThanOrEqual(0);
      expect(gap - goDelay(i), `gap ${i + 1}`).toBeLessThanOrEqual(1);
    }
    expect(times).toHaveLength(18); // 100 … 3200, then every 5 s up to 60 s
    // Go's retryer, restarting after each success, would have made ~250 calls a second.

    const reconnecting = recorded.states.filter((e) => e.state === 'reconnecting');
    expect(reconnecting.map((e) => e.attempt)).toEqual(times.map((_, i) => i + 1));
    const delays = reconnecting.map((e) => e.nextDelayMs);
    expect(delays.slice(0, -1)).toEqual(times.slice(0, -1).map((_, i) => (i === 0 ? 0 : goDelay(i - 1))));
    expect(delays.at(-1)).toBeLessThanOrEqual(5_000);
    // One deadline for the whole outage, never renewed by the short-lived connections.
    expect(new Set(reconnecting.map((e) => e.deadline))).toEqual(new Set([Date.now() - 70_000 + 60_000]));
    expect(
      reconnecting.every((e) => e.reason === 'connection-lost' && e.error?.code === 'connection-lost'),
    ).toBe(true);
    // One line per state change: reconnecting and reconnected alternate, then the end.
    expect(recorded.states.map((e) => e.state)).toEqual([
      'open',
      ...times.flatMap(() => ['reconnecting', 'open']),
      'closed',
    ]);
    const end = recorded.states.at(-1);
    expect(end).toMatchObject({ state: 'closed', reason: 'gave-up', attempts: times.length });
    expect(end?.outageMs).toBeGreaterThanOrEqual(60_000);
    expect(recorded.details.at(-1)).toBe(end?.message);
    expect(recorded.failed.map((e) => e.code)).toEqual(['reconnect-gave-up']);
    expect((recorded.failed[0]?.cause as TransportError).code).toBe('connection-lost');
    expect(recorded.failed[0]?.message).toMatch(/^gave up reconnecting after 60 s and \d+ attempts: /);
    expect(dc.state).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it(`a connection that stays up ${STABLE_CONNECTION_MS / 1000} s ends the outage: the next loss starts afresh`, async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const { channel: dc, resumeCalls } = channel(links, listener);
    await dc.open();
    links.last.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(resumeCalls).toHaveLength(1);
    // Lost again after 5 s: the same outage (attempt 2, after a delay).
    await vi.advanceTimersByTimeAsync(5_000);
    links.last.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(recorded.states.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 2, nextDelayMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect(resumeCalls).toHaveLength(2);
    // This one stays up long enough: the next loss is a new outage with a new deadline.
    await vi.advanceTimersByTimeAsync(STABLE_CONNECTION_MS);
    links.last.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(recorded.states.filter((e) => e.state === 'reconnecting').at(-1)).toMatchObject({
      state: 'reconnecting',
      attempt: 1,
      nextDelayMs: 0,
      deadline: Date.now() + 60_000,
    });
    expect(resumeCalls).toHaveLength(3);
    expect(
      recorded.states.filter((e) => e.reason === 'resumed').every((e) => typeof e.outageMs === 'number'),
    ).toBe(true);
    dc.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ResumeSession failing: one reconnecting event, a diagnostic per attempt, growing delays, then resume-failed as the cause', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const calls: number[] = [];
    const { channel: dc } = channel(links, listener, {
      reconnectBudgetMs: 2_000,
      resumeSession: () => {
        calls.push(performance.now());
        return Promise.reject(new Error('ThrottlingException: Rate exceeded'));
      },
    });
    await dc.open();
    const start = performance.now();
    links.last.drop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.map((t) => t - start)).toEqual([0, 100, 300, 700, 1_500, 2_000]);
    expect(recorded.states.map((e) => e.state)).toEqual(['open', 'reconnecting', 'closed']);
    expect(recorded.diagnostics.filter((d) => d.startsWith('reconnect attempt'))).toHaveLength(6);
    const cause = recorded.failed[0]?.cause as TransportError;
    expect(cause.code).toBe('resume-failed');
    expect((cause.cause as Error).message).toBe('ThrottlingException: Rate exceeded');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a ResumeSession that never answers is cut off at the deadline: gave up, no timer left', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const signals: AbortSignal[] = [];
    const { channel: dc } = channel(links, listener, {
      reconnectBudgetMs: 30_000,
      resumeSession: (signal) => {
        if (signal) signals.push(signal);
        return new Promise<string>(() => undefined);
      },
    });
    await dc.open();
    links.last.drop();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(recorded.failed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(recorded.failed.map((e) => e.code)).toEqual(['reconnect-gave-up']);
    expect((recorded.failed[0]?.cause as TransportError).message).toBe(
      'ResumeSession did not answer before the reconnect deadline',
    );
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a refused dial after ResumeSession counts as a failed attempt of the same outage', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const { channel: dc, resumeCalls } = channel(links, listener);
    await dc.open();
    links.next = 'refuse';
    links.last.drop();
    await vi.advanceTimersByTimeAsync(300);
    expect(resumeCalls).toHaveLength(3);
    links.next = 'accept';
    await vi.advanceTimersByTimeAsync(400);
    expect(resumeCalls).toHaveLength(4);
    expect(recorded.states.map((e) => e.state)).toEqual(['open', 'reconnecting', 'open']);
    expect(JSON.parse(links.last.texts[0] as string)).toMatchObject({
      TokenValue: 'token-4',
      ClientId: 'client-1',
    });
    dc.close();
  });

  it('ResumeSession without a token: the session timed out (closed, no retry, no timer left)', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const { channel: dc } = channel(links, listener, { resumeSession: () => Promise.resolve('') });
    await dc.open();
    links.last.drop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recorded.timedOut).toBe(1);
    expect(recorded.states.at(-1)).toMatchObject({ state: 'closed', reason: 'timed-out' });
    expect(recorded.failed).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() ends a reconnect: during its sleep, or during a ResumeSession (whose signal fires); no timer is left', async () => {
    const links = new Links();
    const { listener, recorded } = listen();
    const signals: AbortSignal[] = [];
    const { channel: dc } = channel(links, listener, {
      resumeSession: (signal) => {
        if (signal) signals.push(signal);
        return Promise.reject(new Error('unavailable'));
      },
    });
    await dc.open();
    links.last.drop();
    await vi.advanceTimersByTimeAsync(150); // attempts at 0 and 100; now sleeping 200 ms
    expect(signals).toHaveLength(2);
    dc.close();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(signals).toHaveLength(2);
    expect(recorded.states.at(-1)).toMatchObject({ state: 'closed', reason: 'closed' });
    expect(recorded.failed).toEqual([]);

    // A ResumeSession under way when close() comes sees its signal fire.
    const hanging: AbortSignal[] = [];
    const second = channel(new Links(), listen().listener, {
      resumeSession: (signal) => {
        if (signal) hanging.push(signal);
        return new Promise<string>(() => undefined);
      },
    });
    await second.channel.open();
    second.channel.dropConnectionForTesting();
    await vi.advanceTimersByTimeAsync(0);
    expect(hanging.map((signal) => signal.aborted)).toEqual([false]);
    second.channel.close();
    expect(hanging.map((signal) => signal.aborted)).toEqual([true]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("open(signal): an abort while dialling rejects with 'aborted', closes the channel and leaves no timer", async () => {
    const links = new Links();
    links.next = 'hang';
    const { listener, recorded } = listen();
    const { channel: dc } = channel(links, listener);
    const controller = new AbortController();
    const opening = dc.open(controller.signal);
    const settled = opening.catch((error: unknown) => error);
    controller.abort();
    const error = await settled;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('aborted');
    expect(recorded.states.at(-1)).toMatchObject({ state: 'closed', reason: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
    // An already aborted signal rejects at once.
    const again = channel(new Links(), listen().listener).channel;
    await expect(again.open(AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted' });
  });

  it("a first connection that cannot be made: six dials with Go's delays, then 'open-failed' with the last error as cause", async () => {
    const links = new Links();
    links.next = 'refuse';
    const { listener, recorded } = listen();
    const { channel: dc } = channel(links, listener);
    const opening = dc.open().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1_600);
    const error = (await opening) as TransportError;
    expect(error.code).toBe('open-failed');
    expect((error.cause as TransportError).code).toBe('dial-failed');
    expect(recorded.diagnostics).toHaveLength(6);
    expect(recorded.states.at(-1)).toMatchObject({ state: 'closed', reason: 'open-failed', error });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a slow consumer holding more than RECEIVE_PAUSE_BYTES pauses reading the link until it drains', async () => {
    const links = new Links();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { listener, recorded } = listen((m) => (m.sequenceNumber === 0 ? held : 'delivered'));
    const { channel: dc } = channel(links, listener);
    await dc.open();
    const link = links.last;
    for (let seq = 0; seq < 40; seq++)
      link.events.onFrame(agentFrame(seq, PayloadType.Output, Buffer.alloc(32 * 1024)));
    expect(link.paused).toBe(true);
    // A reconnect meanwhile: the new link starts paused too.
    link.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(links.last).not.toBe(link);
    expect(links.last.paused).toBe(true);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(links.last.paused).toBe(false);
    expect(recorded.delivered).toHaveLength(40);
    dc.close();
  });
});

describe('DataChannel over a real websocket server', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a server that accepts and drops every connection at once: ResumeSession at a bounded rate, then gave up', async () => {
    const s = await FakeService.start();
    cleanups.push(() => s.close());
    const drops = (): void => {
      void s.nextConnection().then((connection) => {
        connection.drop();
        drops();
      });
    };
    drops();
    const failed = new Promise<TransportError>((resolve) => {
      const { listener } = listen();
      const created = new DataChannel(
        {
          streamUrl: s.url,
          tokenValue: 'token-0',
          clientId: 'client-1',
          clientVersion: '1.2.707.0',
          resumeSession: () => {
            calls++;
            return Promise.resolve(`token-${calls}`);
          },
          random: () => 0,
          reconnectBudgetMs: 2_000,
        },
        { ...listener, onFailed: resolve },
      );
      cleanups.push(() => created.close());
      void created.open();
    });
    let calls = 0;
    const error = await failed;
    expect(error.code).toBe('reconnect-gave-up');
    // 0, 100, 300, 700, 1500 and one at the deadline: about six. Before: hundreds a second, for ever.
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(8);
  });

  it('a channel_closed sent as a websocket text frame is read like a binary one (bad SchemaVersion, Output kept)', async () => {
    const s = await FakeService.start();
    cleanups.push(() => s.close());
    const { listener, recorded } = listen();
    const closed = new Promise<void>(
      (resolve) => (listener.onChannelClosed = (content) => (recorded.closed.push(content), resolve())),
    );
    const dc = new DataChannel(
      {
        streamUrl: s.url,
        tokenValue: 'token-0',
        clientId: 'client-1',
        clientVersion: '1.2.707.0',
        resumeSession: () => Promise.resolve('t'),
      },
      listener,
    );
    cleanups.push(() => dc.close());
    await dc.open();
    const connection = await s.connection(0);
    expect((await s.opened(0)).TokenValue).toBe('token-0');
    connection.sendStream(0, PayloadType.Output, 'hello', false);
    const body = JSON.parse(closedPayload('bye').toString()) as Record<string, unknown>;
    connection.channelClosed(JSON.stringify({ ...body, SchemaVersion: 'one' }), false);
    await closed;
    expect(recorded.delivered.map((m) => m.payload.toString())).toEqual(['hello']);
    expect(recorded.closed[0]?.output).toBe('bye');
    expect(recorded.failed).toEqual([]);
  });
});
