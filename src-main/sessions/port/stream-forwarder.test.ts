import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType } from '../../protocol/codec/message-type.js';
import { RecordingContext } from './__fixtures__/port-harness.js';
import { StreamForwarder } from './stream-forwarder.js';

const message = (payloadType: number, payload: string | Buffer): ClientMessage =>
  ({ payloadType, payload: Buffer.from(payload) }) as unknown as ClientMessage;

/** A stdout that takes one chunk and then needs a drain, like a pipe whose reader is slow. */
function slowOutput(): Writable & { chunks: Buffer[] } {
  const chunks: Buffer[] = [];
  let finishWrite: (() => void) | undefined;
  const output = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      finishWrite = callback;
    },
  }) as Writable & { chunks: Buffer[]; release(): void };
  output.chunks = chunks;
  output.release = () => finishWrite?.();
  return output;
}

describe('StreamForwarder (spec §7.3 "StandardStreamForwarding", e.g. an ssh ProxyCommand)', () => {
  it('stdin goes out as Output payloads of at most 1024 bytes; Output payloads go to stdout, other types are dropped', async () => {
    const context = new RecordingContext();
    const input = new PassThrough();
    const output = new PassThrough();
    const forwarder = new StreamForwarder(context, { input, output });
    input.write(Buffer.alloc(3000, 'i'));
    await context.until(() => context.bytes(PayloadType.Output).length === 3000);
    expect(context.sent.map((m) => m.payload.length)).toEqual([1024, 1024, 952]);
    expect(forwarder.deliver(message(PayloadType.Output, 'to stdout'))).toBe('delivered');
    expect(forwarder.deliver(message(PayloadType.Flag, 'xxxx'))).toBe('delivered');
    expect(output.read()?.toString()).toBe('to stdout');
  });

  it('EOF on stdin ends the session silently (local), once', async () => {
    const context = new RecordingContext();
    const input = new PassThrough();
    new StreamForwarder(context, { input, output: new PassThrough() });
    input.end();
    await context.until(() => context.ends.length > 0);
    input.emit('error', new Error('late'));
    expect(context.ends).toEqual([{ kind: 'local', reason: 'EOF' }]);
  });

  it('a read error ends the session with its message', async () => {
    const context = new RecordingContext();
    const input = new PassThrough();
    new StreamForwarder(context, { input, output: new PassThrough() });
    input.destroy(new Error('EIO'));
    await context.until(() => context.ends.length > 0);
    expect(context.ends).toEqual([{ kind: 'local', reason: 'EIO' }]);
  });

  it('stdout that needs a drain holds delivery until it drains, or until it closes', async () => {
    const context = new RecordingContext();
    const output = slowOutput() as ReturnType<typeof slowOutput> & { release(): void };
    const forwarder = new StreamForwarder(context, { input: new PassThrough(), output });
    const held = forwarder.deliver(message(PayloadType.Output, 'more than four bytes'));
    expect(held).toBeInstanceOf(Promise);
    output.release();
    await held;
    const second = forwarder.deliver(message(PayloadType.Output, 'again, more than four'));
    expect(second).toBeInstanceOf(Promise);
    output.destroy();
    await second; // a closed stdout must not hold the data channel for ever
  });

  it('a full window pauses stdin until the data channel is writable; close() stops reading', async () => {
    const context = new RecordingContext();
    const input = new PassThrough();
    const forwarder = new StreamForwarder(context, { input, output: new PassThrough() });
    context.windowOpen = false;
    input.write('x');
    await context.until(() => context.sent.length === 1);
    expect(input.isPaused()).toBe(true);
    context.openWindow();
    await new Promise((resolve) => input.once('resume', resolve));
    forwarder.close();
    expect(input.isPaused()).toBe(true);
    input.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(context.ends).toEqual([]);
  });
});
