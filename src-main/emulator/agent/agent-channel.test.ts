import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  encodeClientMessage,
  type ClientMessage,
} from '../../protocol/codec/client-message.js';
import { MessageType, PayloadType } from '../../protocol/codec/message-type.js';
import { AgentChannel, HandlerNotReadyError } from './agent-channel.js';

function input(sequenceNumber: number, text = `m${sequenceNumber}`): Buffer {
  return encodeClientMessage({
    messageType: MessageType.InputStreamData,
    sequenceNumber,
    payloadType: PayloadType.Output,
    payload: Buffer.from(text),
  });
}

function ack(sequenceNumber: number): Buffer {
  return encodeClientMessage({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    payloadType: 0,
    payload: Buffer.from(
      JSON.stringify({
        AcknowledgedMessageType: 'output_stream_data',
        AcknowledgedMessageId: '00000000-0000-4000-8000-000000000000',
        AcknowledgedMessageSequenceNumber: sequenceNumber,
        IsSequentialMessage: true,
      }),
    ),
    flags: 3,
  });
}

const channels: AgentChannel[] = [];
afterEach(() => channels.splice(0).forEach((c) => c.close()));

function setup(
  handler: (m: ClientMessage) => void = () => undefined,
  resend: 'real' | 'every-expired' = 'real',
) {
  const written: ClientMessage[] = [];
  let now = 1_000_000;
  const channel = new AgentChannel({
    write: (frame) => written.push(decodeClientMessage(frame)),
    onStreamMessage: handler,
    now: () => now,
    resend,
  });
  channels.push(channel);
  const acks = () =>
    written
      .filter((m) => m.messageType === MessageType.Acknowledge)
      .map(
        (m) =>
          (JSON.parse(m.payload.toString()) as { AcknowledgedMessageSequenceNumber: number })
            .AcknowledgedMessageSequenceNumber,
      );
  return { channel, written, acks, advance: (ms: number) => (now += ms) };
}

describe('AgentChannel (the simulated agent reliability layer)', () => {
  it('numbers output from 0 with Flags=1 on sequence 0 only, and never sends empty payloads', () => {
    const { channel, written } = setup();
    channel.sendStream(PayloadType.Output, Buffer.from('a'));
    channel.sendStream(PayloadType.Output, Buffer.alloc(0));
    channel.sendStream(PayloadType.Output, Buffer.from('b'));
    expect(written.map((m) => [m.messageType, m.sequenceNumber, m.flags])).toEqual([
      ['output_stream_data', 0, 1],
      ['output_stream_data', 1, 0],
    ]);
  });

  it('acknowledges after processing, re-acknowledges duplicates, buffers and acks out-of-order input', () => {
    const seen: string[] = [];
    const { channel, acks } = setup((m) => seen.push(m.payload.toString()));
    channel.receive(input(1));
    expect(seen).toEqual([]);
    expect(acks()).toEqual([1]);
    channel.receive(input(0));
    expect(seen).toEqual(['m0', 'm1']);
    channel.receive(input(0));
    expect(seen).toEqual(['m0', 'm1']);
    expect(acks()).toEqual([1, 0, 0]);
  });

  it('leaves a message un-acknowledged and uncounted while the handler is not ready', () => {
    let ready = false;
    const seen: string[] = [];
    const { channel, acks } = setup((m) => {
      if (!ready) throw new HandlerNotReadyError();
      seen.push(m.payload.toString());
    });
    channel.receive(input(0));
    expect(acks()).toEqual([]);
    ready = true;
    channel.receive(input(0));
    expect(seen).toEqual(['m0']);
    expect(acks()).toEqual([0]);
  });

  it('resends only the front message, at most once per RTO, and stops after its ack', async () => {
    const { channel, written, advance } = setup();
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.sendStream(PayloadType.Output, Buffer.from('y'));
    advance(250);
    await new Promise((r) => setTimeout(r, 120));
    await new Promise((r) => setTimeout(r, 120));
    const resent = written.slice(2).map((m) => m.sequenceNumber);
    expect(resent).toEqual([0]);
    channel.receive(ack(0));
    channel.receive(ack(1));
    advance(5000);
    await new Promise((r) => setTimeout(r, 120));
    expect(written.length).toBe(3);
    expect(channel.hasUnacknowledged).toBe(false);
  });

  it('with the every-expired test accelerator, resends every expired message once per RTO', async () => {
    const { channel, written, advance } = setup(undefined, 'every-expired');
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.sendStream(PayloadType.Output, Buffer.from('y'));
    channel.sendStream(PayloadType.Output, Buffer.from('z'));
    channel.receive(ack(1));
    advance(250);
    await new Promise((r) => setTimeout(r, 120));
    await new Promise((r) => setTimeout(r, 120));
    expect(written.slice(3).map((m) => m.sequenceNumber)).toEqual([0, 2]);
  });

  it('buffers without sending while paused, and input clears the pause', () => {
    const { channel, written } = setup();
    channel.receive(
      encodeClientMessage({
        messageType: MessageType.PausePublication,
        sequenceNumber: 0,
        payloadType: 0,
        payload: Buffer.alloc(0),
      }),
    );
    channel.sendStream(PayloadType.Output, Buffer.from('held'));
    expect(written).toEqual([]);
    expect(channel.isPaused).toBe(true);
    channel.receive(input(0));
    expect(channel.isPaused).toBe(false);
  });

  it('drops frames it cannot parse without throwing', () => {
    const { channel, written } = setup();
    expect(() => channel.receive(Buffer.from('garbage'))).not.toThrow();
    expect(written).toEqual([]);
  });
});
