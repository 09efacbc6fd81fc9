import { afterEach, describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, PortFlag } from '../../protocol/codec/message-type.js';
import { RecordingContext, SocketPairs, closed, readBytes } from './__fixtures__/port-harness.js';
import { BasicForwarder } from './basic-forwarder.js';
import { newPortForwardStats } from './port-notices.js';

const output = (payload: string | Buffer): ClientMessage =>
  ({ payloadType: PayloadType.Output, payload: Buffer.from(payload) }) as unknown as ClientMessage;

const flags = (context: RecordingContext): number[] =>
  context.sent.filter((m) => m.type === PayloadType.Flag).map((m) => m.payload.readUInt32BE(0));

const pairs = new SocketPairs();
afterEach(() => pairs.close());

function forwarder(context = new RecordingContext('2.3.0.0')): {
  forwarder: BasicForwarder;
  context: RecordingContext;
  printed: string[];
  stats: ReturnType<typeof newPortForwardStats>;
} {
  const printed: string[] = [];
  const stats = newPortForwardStats();
  return {
    forwarder: new BasicForwarder(context, { print: (t) => printed.push(t), stats }),
    context,
    printed,
    stats,
  };
}

describe('BasicForwarder (spec §7.3 "Basic mode")', () => {
  it('holds agent output back (not-ready) until a connection exists, then asks for it again', async () => {
    const { forwarder: f, context, printed } = forwarder();
    expect(f.deliver(output('early'))).toBe('not-ready');
    const { user, accepted } = await pairs.pair();
    f.attach(accepted);
    expect(context.resumeDeliveries).toBe(1);
    expect(printed).toEqual(['Connection accepted for session session-1.\n']);
    expect(f.deliver(output('early'))).toBe('delivered');
    expect((await readBytes(user, 5)).toString()).toBe('early');
  });

  it('sends local bytes as Output payloads of at most 1024 bytes, and counts them', async () => {
    const { forwarder: f, context, stats } = forwarder();
    const { user, accepted } = await pairs.pair();
    f.attach(accepted);
    const data = Buffer.alloc(5000, 'x');
    user.write(data);
    await context.until(() => context.bytes(PayloadType.Output).length === data.length);
    expect(context.sent.every((m) => m.payload.length <= 1024)).toBe(true);
    expect(stats).toMatchObject({ bytesOut: 5000, connectionsOpen: 1, connectionsTotal: 1 });
  });

  it('one connection at a time: the next waits; when one ends, DisconnectToPort is sent and the next one is served', async () => {
    const { forwarder: f, context, stats } = forwarder();
    const first = await pairs.pair();
    const second = await pairs.pair();
    f.attach(first.accepted);
    f.attach(second.accepted);
    second.user.write('queued');
    first.user.end();
    await context.until(() => flags(context).includes(PortFlag.DisconnectToPort));
    await context.until(() => context.bytes(PayloadType.Output).toString() === 'queued');
    expect(stats).toMatchObject({ connectionsOpen: 1, connectionsTotal: 2 });
    expect(f.deliver(output('to the second'))).toBe('delivered');
    expect((await readBytes(second.user, 13)).toString()).toBe('to the second');
  });

  it('a waiting connection closed meanwhile is taken in turn and ends at once (a paused socket sees its end when read)', async () => {
    const { forwarder: f, context, stats } = forwarder();
    const first = await pairs.pair();
    const second = await pairs.pair();
    f.attach(first.accepted);
    f.attach(second.accepted);
    second.user.destroy();
    first.user.end();
    await context.until(() => flags(context).length === 2);
    expect(flags(context)).toEqual([PortFlag.DisconnectToPort, PortFlag.DisconnectToPort]);
    expect(stats).toMatchObject({ connectionsOpen: 0, connectionsTotal: 2 });
    expect(f.deliver(output('nobody'))).toBe('not-ready');
  });

  it('a full window pauses the local socket until the data channel is writable again', async () => {
    const { forwarder: f, context } = forwarder();
    const { user, accepted } = await pairs.pair();
    f.attach(accepted);
    context.windowOpen = false;
    user.write('a');
    await context.until(() => context.sent.length === 1);
    expect(accepted.isPaused()).toBe(true);
    context.openWindow();
    await new Promise((resolve) => accepted.once('resume', resolve));
    expect(accepted.isPaused()).toBe(false);
  });

  it('output the local socket cannot take at once is delivered with a promise that settles on drain', async () => {
    const { forwarder: f } = forwarder();
    const { user, accepted } = await pairs.pair();
    f.attach(accepted);
    const big = Buffer.alloc(4 * 1024 * 1024, 1);
    const result = f.deliver(output(big));
    expect(result).toBeInstanceOf(Promise);
    const received = readBytes(user, big.length);
    await result;
    expect((await received).length).toBeGreaterThanOrEqual(big.length);
  });

  it('sendTerminateFlag sends Flag TerminateSession; close() ends every connection and refuses new ones', async () => {
    const { forwarder: f, context } = forwarder();
    const first = await pairs.pair();
    const second = await pairs.pair();
    f.attach(first.accepted);
    f.attach(second.accepted);
    f.sendTerminateFlag();
    expect(flags(context)).toEqual([PortFlag.TerminateSession]);
    f.close();
    await Promise.all([closed(first.user), closed(second.user)]);
    const third = await pairs.pair();
    f.attach(third.accepted);
    await closed(third.user);
    // No DisconnectToPort for connections ended by close().
    expect(flags(context)).toEqual([PortFlag.TerminateSession]);
  });
});
