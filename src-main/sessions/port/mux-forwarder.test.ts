import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, PortFlag } from '../../protocol/codec/message-type.js';
import { SmuxCommand, SmuxFrameReader } from '../../protocol/smux/smux-frame.js';
import { SmuxSession, type SmuxStream } from '../../protocol/smux/smux-session.js';
import { SessionError } from '../session-error.js';
import { RecordingContext, SocketPairs, closed, readBytes } from './__fixtures__/port-harness.js';
import { MuxForwarder, type MuxForwarderOptions } from './mux-forwarder.js';
import { newPortForwardStats } from './port-notices.js';

const message = (payloadType: number, payload: Buffer): ClientMessage =>
  ({ payloadType, payload }) as unknown as ClientMessage;

const pairs = new SocketPairs();
const forwarders: MuxForwarder[] = [];
afterEach(async () => {
  for (const f of forwarders.splice(0)) f.close();
  await pairs.close();
  vi.useRealTimers();
});

/**
 * The agent's end of the mux: an smux server fed with what the forwarder sends as Output, writing
 * back through the forwarder's deliver(), as the data channel would carry it.
 */
function setup(options: Partial<MuxForwarderOptions> = {}): {
  forwarder: MuxForwarder;
  context: RecordingContext;
  printed: string[];
  agentStreams: SmuxStream[];
  agent: SmuxSession;
  results: Array<ReturnType<MuxForwarder['deliver']>>;
} {
  const context = new RecordingContext('3.3.0.0');
  const printed: string[] = [];
  const agentStreams: SmuxStream[] = [];
  const results: Array<ReturnType<MuxForwarder['deliver']>> = [];
  const ref: { forwarder?: MuxForwarder } = {};
  const agent = new SmuxSession({
    role: 'server',
    keepAlive: false,
    now: () => performance.now(),
    write: (bytes) => {
      if (ref.forwarder) results.push(ref.forwarder.deliver(message(PayloadType.Output, bytes)));
    },
    onStream: (stream) => agentStreams.push(stream),
  });
  const send = context.send.bind(context);
  context.send = (type, payload) => {
    const open = send(type, payload);
    if (type === PayloadType.Output) agent.receive(Buffer.from(payload));
    return open;
  };
  const forwarder = new MuxForwarder(context, {
    keepAlive: false,
    print: (text) => printed.push(text),
    stats: newPortForwardStats(),
    ...options,
  });
  ref.forwarder = forwarder;
  forwarders.push(forwarder);
  return { forwarder, context, printed, agentStreams, agent, results };
}

describe('MuxForwarder (spec §7.3 "Mux mode")', () => {
  it('each local connection is an smux stream (odd ids from 3); bytes go both ways; the first prints the accepted text', async () => {
    const { forwarder, agentStreams, printed } = setup();
    const a = await pairs.pair();
    const b = await pairs.pair();
    forwarder.attach(a.accepted);
    forwarder.attach(b.accepted);
    expect(forwarder.openConnections).toBe(2);
    expect(printed).toEqual(['\nConnection accepted for session [session-1]\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(agentStreams.map((s) => s.id)).toEqual([3, 5]);
    const [streamA, streamB] = agentStreams as [SmuxStream, SmuxStream];
    const fromA: Buffer[] = [];
    streamA.onData = (chunk) => fromA.push(chunk);
    a.user.write('to the agent on a');
    await waitUntil(() => Buffer.concat(fromA).toString() === 'to the agent on a');
    const readB = readBytes(b.user, 9);
    streamB.write(Buffer.from('back to b'));
    expect((await readB).toString()).toBe('back to b');
  });

  it('no half-close: a local end closes its stream; a stream the agent closes ends its local socket', async () => {
    const { forwarder, agentStreams } = setup();
    const a = await pairs.pair();
    const b = await pairs.pair();
    forwarder.attach(a.accepted);
    forwarder.attach(b.accepted);
    await new Promise((resolve) => setImmediate(resolve));
    const [streamA, streamB] = agentStreams as [SmuxStream, SmuxStream];
    let aClosed = false;
    streamA.onClose = () => (aClosed = true);
    a.user.end();
    await waitUntil(() => aClosed);
    streamB.close();
    await Promise.all([closed(b.user), closed(b.accepted), closed(a.accepted)]);
    expect(forwarder.openConnections).toBe(0);
  });

  it('Flag ConnectToPortError prints the Go text; other payload types are ignored', () => {
    const { forwarder, printed } = setup();
    const flag = Buffer.alloc(4);
    flag.writeUInt32BE(PortFlag.ConnectToPortError);
    expect(forwarder.deliver(message(PayloadType.Flag, flag))).toBe('delivered');
    expect(forwarder.deliver(message(PayloadType.StdErr, Buffer.from('x')))).toBe('delivered');
    expect(printed).toEqual(['\nConnection to destination port failed, check SSM Agent logs.\n']);
  });

  it('a full window pauses every local socket until the data channel is writable again', async () => {
    const { forwarder, context } = setup();
    const a = await pairs.pair();
    const b = await pairs.pair();
    forwarder.attach(a.accepted);
    forwarder.attach(b.accepted);
    context.windowOpen = false;
    a.user.write(Buffer.alloc(2048, 1));
    await waitUntil(() => a.accepted.isPaused() && b.accepted.isPaused());
    context.openWindow();
    await waitUntil(() => !a.accepted.isPaused() && !b.accepted.isPaused());
  });

  it('a local socket far behind holds delivery (a promise) until it catches up; nothing is lost', async () => {
    const { forwarder, agentStreams, results } = setup({ perConnectionLimit: 64 * 1024 });
    const a = await pairs.pair();
    forwarder.attach(a.accepted);
    await new Promise((resolve) => setImmediate(resolve));
    a.user.pause(); // the local application stops reading
    const data = Buffer.alloc(16 * 1024 * 1024, 7);
    agentStreams[0]?.write(data);
    const held = results.find((r) => r instanceof Promise);
    expect(held).toBeInstanceOf(Promise);
    const received = readBytes(a.user, data.length);
    a.user.resume();
    await held;
    expect((await received).equals(data)).toBe(true);
  });

  it("an smux failure ends the session with SessionError 'mux-failed'; later connections are refused", async () => {
    const { forwarder, context } = setup();
    // Version 9 is not smux v1: the client session dies, as xtaci/smux does.
    forwarder.deliver(message(PayloadType.Output, Buffer.from([9, SmuxCommand.Nop, 0, 0, 0, 0, 0, 0])));
    const end = context.ends[0];
    expect(end?.kind).toBe('failed');
    const error = end?.kind === 'failed' ? end.error : undefined;
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).code).toBe('mux-failed');
    const a = await pairs.pair();
    forwarder.attach(a.accepted);
    await closed(a.user);
  });

  it('sendTerminateFlag sends Flag TerminateSession; close() ends connections without reporting a failure', async () => {
    const { forwarder, context } = setup();
    const a = await pairs.pair();
    forwarder.attach(a.accepted);
    forwarder.sendTerminateFlag();
    expect(
      context.sent.filter((m) => m.type === PayloadType.Flag).map((m) => m.payload.readUInt32BE(0)),
    ).toEqual([PortFlag.TerminateSession]);
    forwarder.close();
    forwarder.close();
    await closed(a.user);
    expect(context.ends).toEqual([]);
  });

  it('keepalive: a NOP every 10 s on its ticker, which close() stops (no timer survives)', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const context = new RecordingContext('3.0.500.0');
    const forwarder = new MuxForwarder(context, {
      keepAlive: true,
      print: () => undefined,
      stats: newPortForwardStats(),
    });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000); // the chunker flushes in a microtask
    const frames = new SmuxFrameReader().push(context.bytes(PayloadType.Output));
    expect(frames.map((f) => f.command)).toEqual([SmuxCommand.Nop]);
    forwarder.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});

/** Waits for socket state no event announces for us (pause flags); re-checked every loop turn. */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
