import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
// Fake timers drive the channel's 100 ms resend ticker and its clock (Date.now) together, so each
// step below is an exact number of ticks and nothing depends on how busy the machine is.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  channels.splice(0).forEach((c) => c.close());
  vi.useRealTimers();
});

function setup(
  handler: (m: ClientMessage) => void = () => undefined,
  resend: 'real' | 'every-expired' = 'real',
) {
  const written: ClientMessage[] = [];
  const channel = new AgentChannel({
    write: (frame) => written.push(decodeClientMessage(frame)),
    onStreamMessage: handler,
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
  /** Sequence numbers written after the first `sent` frames: the resends. */
  const resentAfter = (sent: number) =>
    written
      .slice(sent)
      .filter((m) => m.messageType === MessageType.OutputStreamData)
      .map((m) => m.sequenceNumber);
  return { channel, written, acks, resentAfter };
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

  it('resends only the front message, once its RTO (200 ms at first) has passed, on the 100 ms tick', () => {
    const { channel, resentAfter } = setup();
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.sendStream(PayloadType.Output, Buffer.from('y'));
    // Ticks at 100 and 200 ms: 200 ms is not past the RTO yet.
    vi.advanceTimersByTime(200);
    expect(resentAfter(2)).toEqual([]);
    // The 300 ms tick resends the front message only; without a running ticker nothing would be.
    vi.advanceTimersByTime(100);
    expect(resentAfter(2)).toEqual([0]);
    // Not again until another RTO has passed since that resend (the agent writes LastSentTime back).
    vi.advanceTimersByTime(200);
    expect(resentAfter(2)).toEqual([0]);
    vi.advanceTimersByTime(100);
    expect(resentAfter(2)).toEqual([0, 0]);
  });

  it('moves on to the next message after an ack, and stops resending once everything is acknowledged', () => {
    const { channel, written, resentAfter } = setup();
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.sendStream(PayloadType.Output, Buffer.from('y'));
    channel.receive(ack(0));
    vi.advanceTimersByTime(300);
    expect(resentAfter(2)).toEqual([1]);
    channel.receive(ack(1));
    const sent = written.length;
    vi.advanceTimersByTime(5000);
    expect(written.length).toBe(sent);
    expect(channel.hasUnacknowledged).toBe(false);
  });

  it('resends nothing while paused, and catches up when publication starts again', () => {
    const { channel, resentAfter } = setup();
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.setPaused(true);
    vi.advanceTimersByTime(1000);
    expect(resentAfter(1)).toEqual([]);
    channel.setPaused(false);
    vi.advanceTimersByTime(100);
    expect(resentAfter(1)).toEqual([0]);
  });

  it('with the every-expired test accelerator, resends every expired message once per RTO', () => {
    const { channel, resentAfter } = setup(undefined, 'every-expired');
    channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.sendStream(PayloadType.Output, Buffer.from('y'));
    channel.sendStream(PayloadType.Output, Buffer.from('z'));
    // An ack at once is a 0 ms round trip: the RTO drops to 187.5 ms (srtt 87.5 + 4 × rttvar 25).
    channel.receive(ack(1));
    vi.advanceTimersByTime(100);
    expect(resentAfter(3)).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(resentAfter(3)).toEqual([0, 2]);
    vi.advanceTimersByTime(100);
    expect(resentAfter(3)).toEqual([0, 2]);
    vi.advanceTimersByTime(100);
    expect(resentAfter(3)).toEqual([0, 2, 0, 2]);
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
