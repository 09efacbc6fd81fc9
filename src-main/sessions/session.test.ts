import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { MessageType, PayloadType } from '../protocol/codec/message-type.js';
import { openPayload, sealPayload, splitDataKey } from '../protocol/codec/payload-cipher.js';
import { ProtocolError } from '../protocol/codec/protocol-error.js';
import {
  encryptionChallengePayload,
  handshakeCompletePayload,
  handshakeRequestPayload,
  parseEncryptionChallenge,
  parseHandshakeResponse,
} from '../protocol/handshake.js';
import { DEFAULT_INCOMING_BYTE_LIMIT, RECEIVE_PAUSE_BYTES } from '../protocol/reliable-channel.js';
import { encodeAcknowledge } from '../protocol/acknowledge.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import {
  FakeService,
  agentFrame,
  closedPayload,
  type FakeConnection,
} from '../transport/__fixtures__/fake-service.js';
import type { DataChannelStateEvent } from '../transport/data-channel.js';
import { TransportError } from '../transport/transport-error.js';
import type { Link, LinkConnector, WebSocketLinkEvents } from '../transport/websocket-link.js';
import { Session, type SessionListener, type SessionOptions } from './session.js';
import { SessionError } from './session-error.js';
import type {
  SessionEnd,
  SessionTypeContext,
  SessionTypeHandler,
  SessionTypeRegistry,
} from './session-type.js';
import { ShellSession } from './shell-session.js';
import type { TerminalIO } from './terminal-io.js';

// §11.2 key: bytes 0..31 agent→client, 32..63 client→agent.
const KEY = Buffer.from(
  '7775626261206c756262612064756220647562207775626261206c756262612064756220647562207775626261206c7562626120647562206475622077756262',
  'hex',
);

/** A handler that records what it is given; `deliver` can be replaced. */
class RecordingHandler implements SessionTypeHandler {
  readonly delivered: ClientMessage[] = [];
  disposed: SessionEnd | undefined;
  constructor(readonly context: SessionTypeContext) {}
  deliver(message: ClientMessage): 'delivered' {
    this.delivered.push(message);
    return 'delivered';
  }
  dispose(end: SessionEnd): void {
    this.disposed = end;
  }
}

interface Harness {
  session: Session;
  handlers: RecordingHandler[];
  states: DataChannelStateEvent[];
  customerMessages: string[];
  encryptedEvents: number;
  resumeCalls: number;
  terminateCalls: number;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.useRealTimers();
});

async function service(): Promise<FakeService> {
  const s = await FakeService.start();
  cleanups.push(() => s.close());
  return s;
}

function harness(
  streamUrl: string,
  options: Partial<SessionOptions> = {},
  sessionTypes?: SessionTypeRegistry,
): Harness {
  const handlers: RecordingHandler[] = [];
  const h: Harness = {
    handlers,
    states: [],
    customerMessages: [],
    encryptedEvents: 0,
    resumeCalls: 0,
    terminateCalls: 0,
  } as unknown as Harness;
  const listener: SessionListener = {
    onStateChange: (_state, _detail, event) => event && h.states.push(event),
    onCustomerMessage: (text) => h.customerMessages.push(text),
    onEncrypted: () => h.encryptedEvents++,
  };
  h.session = new Session(
    {
      start: { sessionId: 'session-1', tokenValue: 'token-0', streamUrl },
      targetId: 'i-0123456789abcdef0',
      clientVersion: '1.2.707.0',
      clientId: 'client-1',
      sessionTypes: sessionTypes ?? {
        Standard_Stream: (context) => {
          const handler = new RecordingHandler(context);
          handlers.push(handler);
          return handler;
        },
      },
      generateDataKey: () => Promise.resolve({ ciphertextBlob: Buffer.from('cipher'), plaintext: KEY }),
      resumeSession: () => {
        h.resumeCalls++;
        return Promise.resolve(`token-${h.resumeCalls}`);
      },
      terminateSession: () => {
        h.terminateCalls++;
        return Promise.resolve();
      },
      ...options,
    },
    listener,
  );
  cleanups.push(() => h.session.end({ kind: 'local', reason: 'test over' }));
  return h;
}

function handshakeRequest(sessionType: string, kms = false): Buffer {
  return handshakeRequestPayload({
    agentVersion: '3.3.0.0',
    requestedClientActions: [
      { actionType: 'SessionType', actionParameters: { SessionType: sessionType, Properties: null } },
      ...(kms ? [{ actionType: 'KMSEncryption', actionParameters: { KMSKeyId: 'alias/ssm' } }] : []),
    ],
  });
}

const complete = (customerMessage = ''): Buffer =>
  handshakeCompletePayload({ handshakeTimeToCompleteNs: 1_000_000, customerMessage });

const agentAck = (sequenceNumber: number): Buffer =>
  encodeAcknowledge({ messageType: MessageType.InputStreamData, messageId: newUuid(), sequenceNumber });

const inputs = (connection: FakeConnection, payloadType: number): ClientMessage[] =>
  connection.streams().filter((m) => m.payloadType === payloadType);

async function failure(session: Session): Promise<SessionError> {
  const end = await session.done;
  if (end.kind !== 'failed') throw new Error(`expected a failure, got ${end.kind}`);
  expect(end.error).toBeInstanceOf(SessionError);
  return end.error as SessionError;
}

describe('Session over a real websocket (spec §5, §7.1, §8)', () => {
  it('without a handshake, the first Output picks Standard_Stream; it is acked once the handler has it; channel_closed ends it', async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    const connection = await s.connection(0);
    expect((await s.opened(0)).TokenValue).toBe('token-0');
    connection.sendStream(0, PayloadType.Output, 'hello');
    await connection.until(() => connection.acks().includes(0));
    expect(h.handlers[0]?.delivered.map((m) => m.payload.toString())).toEqual(['hello']);
    expect(h.session.encrypted).toBe(false);
    connection.channelClosed(closedPayload(''));
    expect(await h.session.done).toEqual({ kind: 'closed', output: '' });
    expect(h.handlers[0]?.disposed).toEqual({ kind: 'closed', output: '' });
  });

  it('a KMS handshake: data key, challenge answered, then encrypted both ways; `encrypted` and onEncrypted', async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    const connection = await s.connection(0);
    const keys = splitDataKey(KEY);
    connection.sendStream(0, PayloadType.HandshakeRequest, handshakeRequest('Standard_Stream', true));
    const response = await connection.waitFor((m) => m.payloadType === PayloadType.HandshakeResponse);
    expect(
      parseHandshakeResponse(response.payload).processedClientActions.map((a) => a.actionStatus),
    ).toEqual([1, 1]);
    const challenge = Buffer.alloc(64, 5);
    connection.sendStream(
      1,
      PayloadType.EncChallengeRequest,
      encryptionChallengePayload(sealPayload(keys.agentToClient, challenge)),
    );
    const answer = await connection.waitFor((m) => m.payloadType === PayloadType.EncChallengeResponse);
    expect(openPayload(keys.clientToAgent, parseEncryptionChallenge(answer.payload))).toEqual(challenge);
    expect(h.session.encrypted).toBe(false);
    connection.sendStream(
      2,
      PayloadType.HandshakeComplete,
      complete('This session is encrypted using AWS KMS.'),
    );
    connection.sendStream(3, PayloadType.Output, sealPayload(keys.agentToClient, Buffer.from('secret out')));
    await connection.until(() => connection.acks().includes(3));
    expect(h.session.encrypted).toBe(true);
    expect(h.encryptedEvents).toBe(1);
    expect(h.customerMessages).toEqual(['This session is encrypted using AWS KMS.']);
    expect(h.handlers[0]?.delivered.map((m) => m.payload.toString())).toEqual(['secret out']);
    h.handlers[0]?.context.send(PayloadType.Output, Buffer.from('secret in'));
    const sent = await connection.waitFor((m) => m.payloadType === PayloadType.Output);
    expect(openPayload(keys.clientToAgent, sent.payload).toString()).toBe('secret in');
  });

  it('channel_closed with a bad SchemaVersion still shows its Output (Go decoding)', async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    const connection = await s.connection(0);
    const body = JSON.parse(closedPayload('the agent went away').toString()) as Record<string, unknown>;
    connection.channelClosed(JSON.stringify({ ...body, SchemaVersion: '1' }));
    expect(await h.session.done).toEqual({ kind: 'closed', output: 'the agent went away' });
  });

  it.each([
    ['unknown-session-type', 'Teleport', undefined],
    ['unsupported-session-type', 'Port', undefined],
  ] as const)('a handshake for a type it cannot run ends it with %s', async (code, type, _unused) => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    const connection = await s.connection(0);
    connection.sendStream(0, PayloadType.HandshakeRequest, handshakeRequest(type));
    connection.sendStream(1, PayloadType.HandshakeComplete, complete());
    expect((await failure(h.session)).code).toBe(code);
  });

  it("a handler that cannot start: its error becomes the cause of 'session-type-failed'; a SessionError passes as it is", async () => {
    const s = await service();
    const boom = new Error('no terminal');
    const h = harness(s.url, {}, { Standard_Stream: () => Promise.reject(boom) });
    await h.session.start();
    (await s.connection(0)).sendStream(0, PayloadType.Output, 'x');
    const error = await failure(h.session);
    expect(error.code).toBe('session-type-failed');
    expect(error.cause).toBe(boom);

    const coded = new SessionError('listen-failed', 'cannot listen on 127.0.0.1:22: address already in use');
    const h2 = harness(s.url, {}, { Standard_Stream: () => Promise.reject(coded) });
    await h2.session.start();
    (await s.connection(1)).sendStream(0, PayloadType.Output, 'x');
    expect(await failure(h2.session)).toBe(coded);
  });

  it("a HandshakeRequest Go would reject (a field of the wrong type) ends it with 'handshake-failed'", async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    (await s.connection(0)).sendStream(0, PayloadType.HandshakeRequest, '{"AgentVersion":3}');
    const error = await failure(h.session);
    expect(error.code).toBe('handshake-failed');
    expect(error.cause).toBeInstanceOf(ProtocolError);
  });

  it("an encryption challenge before any data key is 'handshake-failed'", async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    (await s.connection(0)).sendStream(0, PayloadType.EncChallengeRequest, '{"Challenge":"AAAA"}');
    expect((await failure(h.session)).code).toBe('handshake-failed');
  });

  it('a lost socket: ResumeSession, the original URL again with the new token, unacknowledged input resent', async () => {
    const s = await service();
    const h = harness(s.url);
    await h.session.start();
    const first = await s.connection(0);
    first.sendStream(0, PayloadType.Output, 'hello');
    await first.until(() => first.acks().includes(0));
    const context = h.handlers[0]?.context as SessionTypeContext;
    context.send(PayloadType.Output, Buffer.from('typed'));
    await first.until(() => inputs(first, PayloadType.Output).length === 1);
    first.drop();
    const second = await s.connection(1);
    expect((await s.opened(1)).TokenValue).toBe('token-1');
    await second.until(() => inputs(second, PayloadType.Output).length === 1);
    expect(inputs(second, PayloadType.Output)[0]?.payload.toString()).toBe('typed');
    // The last acks are sent again: the agent may never have seen the ones lost with the socket.
    await second.until(() => second.acks().includes(0));
    expect(h.resumeCalls).toBe(1);
    expect(h.states.map((e) => [e.state, e.reason])).toEqual([
      ['open', 'connected'],
      ['reconnecting', 'connection-lost'],
      ['open', 'resumed'],
    ]);
    expect(h.session.connectionState).toBe('open');
  });

  it('ResumeSession without a token ends it as timed-out', async () => {
    const s = await service();
    const h = harness(s.url, { resumeSession: () => Promise.resolve(undefined) });
    await h.session.start();
    (await s.connection(0)).drop();
    expect(await h.session.done).toEqual({ kind: 'timed-out' });
  });

  it('a paused terminal: no output is acknowledged, memory stays within the bound, the backlog waits at the agent; after the drain nothing is lost', async () => {
    const s = await service();
    const terminal = new PausableTerminal();
    const h = harness(s.url, {}, { Standard_Stream: (context) => new ShellSession(context, terminal) });
    await h.session.start();
    const connection = await s.connection(0);
    const count = 6_000; // 6 MiB: more than the pause threshold and the kernel socket buffers together
    const chunk = (seq: number): string => `${String(seq).padStart(6, '0')}:${'x'.repeat(1017)}`;
    for (let seq = 0; seq < count; seq++) connection.sendStream(seq, PayloadType.Output, chunk(seq));
    // The client stops reading once a paused consumer holds RECEIVE_PAUSE_BYTES: the rest stays queued
    // at the agent (here, in the server's socket), as with the Go client's blocking stdout write.
    await waitUntil(() => h.session.buffered.readingPaused);
    expect(h.session.buffered.incomingBytes).toBeGreaterThan(RECEIVE_PAUSE_BYTES);
    expect(connection.acks()).toEqual([]);
    expect(h.session.buffered.incomingBytes).toBeLessThanOrEqual(DEFAULT_INCOMING_BYTE_LIMIT);
    expect(h.session.buffered.incomingUnacknowledged).toBe(h.session.buffered.incomingMessages);
    terminal.resume();
    await connection.until(() => connection.ackCount === count);
    expect(terminal.output()).toBe(Array.from({ length: count }, (_, seq) => chunk(seq)).join(''));
    expect(connection.acks()).toEqual(Array.from({ length: count }, (_, seq) => seq));
    expect(h.session.stats.droppedIncoming).toBe(0);
    expect(h.session.buffered.incomingBytes).toBe(0);
  });
});

describe('Session with an injected clock', () => {
  /** Links that accept and record what is sent, without a socket. */
  function fakeLinks(behaviour: 'accept' | 'hang' | 'refuse'): {
    connect: LinkConnector;
    sent: Buffer[];
    /** Feeds a frame to the last link, as if the agent had sent it. */
    receive(frame: Buffer): void;
  } {
    const sent: Buffer[] = [];
    const events: WebSocketLinkEvents[] = [];
    const connect: LinkConnector = (linkEvents, signal) => {
      events.push(linkEvents);
      if (behaviour === 'refuse') return Promise.reject(new TransportError('dial-failed', 'refused'));
      if (behaviour === 'hang') {
        return new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new TransportError('aborted', 'aborted')), {
            once: true,
          }),
        );
      }
      const link: Link = {
        bufferedAmount: 0,
        sendText: () => true,
        sendBinary: (frame) => (sent.push(frame), true),
        pauseReading: () => undefined,
        close: () => undefined,
      };
      return Promise.resolve(link);
    };
    return { connect, sent, receive: (frame) => events.at(-1)?.onFrame(frame) };
  }
  const fake = (): void => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
    });
  };

  it("a channel that cannot be opened ends the session with 'connect-failed' (cause: the transport's 'open-failed')", async () => {
    fake();
    const h = harness('ws://unused.invalid/', {
      channel: { connect: fakeLinks('refuse').connect, random: () => 0 },
    });
    const starting = h.session.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await starting;
    const error = await failure(h.session);
    expect(error.code).toBe('connect-failed');
    expect((error.cause as TransportError).code).toBe('open-failed');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("start(signal): an abort while connecting rejects start() and ends the session with 'aborted'; no timer is left", async () => {
    fake();
    const h = harness('ws://unused.invalid/', { channel: { connect: fakeLinks('hang').connect } });
    const controller = new AbortController();
    const starting = h.session.start(controller.signal).catch((error: unknown) => error);
    controller.abort();
    const error = (await starting) as SessionError;
    expect(error).toBeInstanceOf(SessionError);
    expect(error.code).toBe('aborted');
    expect((await failure(h.session)).code).toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('start(signal) also covers the handshake: an abort before the handler runs ends it; after, the signal is ignored', async () => {
    fake();
    const links = fakeLinks('accept');
    const h = harness('ws://unused.invalid/', { channel: { connect: links.connect } });
    const controller = new AbortController();
    await h.session.start(controller.signal);
    controller.abort();
    expect((await failure(h.session)).code).toBe('aborted');

    const h2 = harness('ws://unused.invalid/', { channel: { connect: links.connect } });
    const later = new AbortController();
    await h2.session.start(later.signal);
    // The session runs once its handler exists; aborting the start signal then changes nothing.
    links.receive(agentFrame(0, PayloadType.Output, 'x'));
    await vi.advanceTimersByTimeAsync(0);
    expect(h2.handlers).toHaveLength(1);
    later.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(h2.session.connectionState).toBe('open');
  });

  it('acknowledged(): resolves on the ack (event-driven), or on end(), leaving no timer; times out otherwise', async () => {
    fake();
    const links = fakeLinks('accept');
    const h = harness('ws://unused.invalid/', { channel: { connect: links.connect } });
    await h.session.start();
    links.receive(agentFrame(0, PayloadType.Output, 'x'));
    await vi.advanceTimersByTimeAsync(0);
    const context = h.handlers[0]?.context as SessionTypeContext;
    await context.acknowledged(1_000); // nothing outstanding (the Size-less handler sent nothing)
    context.send(PayloadType.Output, Buffer.from('a'));
    let resolved = false;
    void context.acknowledged(60_000).then(() => (resolved = true));
    const timers = vi.getTimerCount();
    links.receive(agentAck(0));
    await vi.advanceTimersByTimeAsync(0);
    expect(resolved).toBe(true);
    expect(vi.getTimerCount()).toBe(timers - 1);
    // Unanswered: the timeout ends the wait.
    context.send(PayloadType.Output, Buffer.from('b'));
    let timedOut = false;
    void context.acknowledged(1_000).then(() => (timedOut = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(timedOut).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(timedOut).toBe(true);
    // Pending at end(): released at once, and no timer survives.
    let released = false;
    void context.acknowledged(60_000).then(() => (released = true));
    h.session.end({ kind: 'local', reason: 'closed' });
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("nothing acknowledged for five minutes: TerminateSession once, then 'resend-timeout'", async () => {
    fake();
    const links = fakeLinks('accept');
    const h = harness('ws://unused.invalid/', { channel: { connect: links.connect } });
    await h.session.start();
    links.receive(agentFrame(0, PayloadType.Output, 'x'));
    await vi.advanceTimersByTimeAsync(0);
    h.handlers[0]?.context.send(PayloadType.Output, Buffer.from('never acked'));
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 200);
    expect(h.terminateCalls).toBe(1);
    expect((await failure(h.session)).code).toBe('resend-timeout');
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** A terminal whose output is paused (write() false) until resume(): xterm.js's flow control. */
class PausableTerminal implements TerminalIO {
  private readonly chunks: Buffer[] = [];
  private paused = true;
  private wake: (() => void) | undefined;
  start(): void {}
  write(data: Uint8Array): boolean {
    this.chunks.push(Buffer.from(data));
    return !this.paused;
  }
  drained(): Promise<void> {
    return this.paused ? new Promise((resolve) => (this.wake = resolve)) : Promise.resolve();
  }
  resume(): void {
    this.paused = false;
    this.wake?.();
  }
  output(): string {
    return Buffer.concat(this.chunks).toString();
  }
  size(): { cols: number; rows: number } {
    return { cols: 80, rows: 24 };
  }
  onResize(): void {}
  pauseInput(): void {}
  resumeInput(): void {}
  restore(): void {}
}

/** Waits for a condition no event announces (a socket's queue); re-checked every turn of the loop. */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
