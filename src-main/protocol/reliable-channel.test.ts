import { describe, expect, it } from 'vitest';
import { encodeAcknowledge, parseAcknowledge } from './acknowledge.js';
import { encodeClientMessage, parseFrame, type ClientMessage } from './codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from './codec/message-type.js';
import { openPayload, sealPayload, splitDataKey } from './codec/payload-cipher.js';
import { ProtocolError } from './codec/protocol-error.js';
import { newUuid } from './codec/wire-uuid.js';
import {
  ACK_BACKLOG_LIMIT,
  DEFAULT_INCOMING_BYTE_LIMIT,
  DEFAULT_OUTGOING_BYTE_LIMIT,
  RECEIVE_PAUSE_BYTES,
  DEFAULT_INCOMING_CAPACITY,
  DEFAULT_OUTGOING_CAPACITY,
  MAX_RESENDS_PER_TICK,
  RECENT_ACKS_KEPT,
  WRITE_BACKLOG_LIMIT,
  DEFAULT_RESEND_TIMEOUT_MS,
  ReliableChannel,
  type DeliveryResult,
  type ReliableChannelOptions,
} from './reliable-channel.js';
import { RetransmissionTimer } from './rto.js';

// §11.2 key: bytes 0..31 agent→client, 32..63 client→agent.
const KEYS = splitDataKey(
  Buffer.from(
    '7775626261206c756262612064756220647562207775626261206c756262612064756220647562207775626261206c7562626120647562206475622077756262',
    'hex',
  ),
);

/** A frame as the agent sends it: output_stream_data, Flags SYN on seq 0 (spec §2.3). */
function agentFrame(
  sequenceNumber: number,
  payloadType: number = PayloadType.Output,
  payload: string | Buffer = `m${sequenceNumber}`,
): Buffer {
  return encodeClientMessage({
    messageType: MessageType.OutputStreamData,
    sequenceNumber,
    flags: sequenceNumber === 0 ? HeaderFlags.Syn : HeaderFlags.None,
    payloadType,
    payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
  });
}

/** The agent's ack for one of our input_stream_data messages. */
function agentAck(sequenceNumber: number): Buffer {
  return encodeAcknowledge({
    messageType: MessageType.InputStreamData,
    messageId: newUuid(),
    sequenceNumber,
  });
}

function controlFrame(messageType: string): Buffer {
  return encodeClientMessage({
    messageType,
    sequenceNumber: 0,
    flags: 3,
    payloadType: 0,
    payload: Buffer.from('{}'),
  });
}

type Deliver = (message: ClientMessage) => DeliveryResult;

/**
 * Drives a ReliableChannel with a fake clock and a recording transport. Every written frame is parsed
 * with the codec (digest included), so a malformed frame fails the test at once.
 */
class Harness {
  clock = 10_000;
  online = true;
  /** When set, the write with this 0-based index (counting every attempt) fails. */
  failWriteAt: number | undefined;
  private writeAttempts = 0;
  readonly written: ClientMessage[] = [];
  readonly delivered: ClientMessage[] = [];
  readonly controls: ClientMessage[] = [];
  readonly invalid: Error[] = [];
  readonly deliveryErrors: Array<{ error: Error; message: ClientMessage }> = [];
  drains = 0;
  resendTimeouts = 0;
  deliverImpl: Deliver = () => 'delivered';
  readonly channel: ReliableChannel;

  constructor(options: Partial<ReliableChannelOptions> = {}) {
    this.channel = new ReliableChannel({
      write: (frame) => {
        const attempt = this.writeAttempts++;
        if (!this.online || attempt === this.failWriteAt) return false;
        this.written.push(parseFrame(frame));
        return true;
      },
      now: () => this.clock,
      deliver: (message) => {
        this.delivered.push(message);
        return this.deliverImpl(message);
      },
      onControlMessage: (message) => this.controls.push(message),
      onInvalidFrame: (error) => this.invalid.push(error),
      onDeliveryError: (error, message) => this.deliveryErrors.push({ error, message }),
      onDrain: () => this.drains++,
      onResendTimeout: () => this.resendTimeouts++,
      ...options,
    });
  }

  /** Sequence numbers acknowledged by us, in the order the acks were written. */
  acks(): number[] {
    return this.written
      .filter((m) => m.messageType === MessageType.Acknowledge)
      .map((m) => parseAcknowledge(m.payload).acknowledgedMessageSequenceNumber);
  }

  /** Sequence numbers of our stream frames, in the order written (resends included). */
  sent(): number[] {
    return this.written
      .filter((m) => m.messageType === MessageType.InputStreamData)
      .map((m) => m.sequenceNumber);
  }

  deliveredSeqs(): number[] {
    return this.delivered.map((m) => m.sequenceNumber);
  }

  clearWritten(): void {
    this.written.length = 0;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets promise callbacks run (event-driven: no timing assumptions). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ReliableChannel defaults', () => {
  it("uses Go's outgoing capacity, the agent's as incoming capacity, and a ≈5 min resend timeout", () => {
    expect(DEFAULT_OUTGOING_CAPACITY).toBe(10_000);
    expect(DEFAULT_INCOMING_CAPACITY).toBe(100_000);
    expect(DEFAULT_RESEND_TIMEOUT_MS).toBe(300_000);
    const h = new Harness();
    expect(h.channel.nextSequenceNumber).toBe(0);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    expect(h.channel.unacknowledged).toBe(0);
    expect(h.channel.writable).toBe(true);
    expect(h.channel.encrypted).toBe(false);
    expect(h.channel.rto.rtoMs).toBe(200);
  });
});

describe('ReliableChannel outgoing (spec §4.1, §4.2)', () => {
  it('TestSendInputDataMessage: the sequence number advances by 1 and one entry is buffered', () => {
    const h = new Harness();
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('ls\n'))).toBe(true);
    expect(h.channel.nextSequenceNumber).toBe(1);
    expect(h.channel.unacknowledged).toBe(1);
    expect(h.written).toHaveLength(1);
    const frame = h.written[0] as ClientMessage;
    expect(frame).toMatchObject({
      headerLength: 116,
      messageType: 'input_stream_data',
      schemaVersion: 1,
      createdDate: expect.any(Number) as number,
      sequenceNumber: 0,
      flags: 0,
      payloadType: 1,
    });
    expect(frame.payload.toString()).toBe('ls\n');
    expect(h.channel.stats.streamMessagesSent).toBe(1);
  });

  it('numbers every input_stream_data whatever its PayloadType', () => {
    const h = new Harness();
    const types = [
      PayloadType.HandshakeResponse,
      PayloadType.EncChallengeResponse,
      PayloadType.Output,
      PayloadType.Size,
      PayloadType.Flag,
    ];
    for (const type of types) h.channel.sendStream(type, Buffer.from('x'));
    expect(h.sent()).toEqual([0, 1, 2, 3, 4]);
    expect(h.written.map((m) => m.payloadType)).toEqual(types);
    expect(h.channel.unacknowledged).toBe(5);
  });

  it('acks are selective: only the matching entry is removed; unknown sequence numbers are ignored', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.channel.sendStream(PayloadType.Output, Buffer.from(`m${i}`));
    h.channel.receive(agentAck(1));
    expect(h.channel.unacknowledged).toBe(2);
    h.channel.receive(agentAck(99));
    h.channel.receive(agentAck(1));
    expect(h.channel.unacknowledged).toBe(2);
    // Only 0 and 2 are still waiting: a resend after the RTO shows which.
    h.clearWritten();
    h.clock += 1_001;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 2]);
    // Acks are not acknowledged and are not delivered.
    expect(h.acks()).toEqual([]);
    expect(h.delivered).toEqual([]);
  });

  it('ignores AcknowledgedMessageType and AcknowledgedMessageId', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.channel.receive(
      encodeAcknowledge({ messageType: 'something_else', messageId: newUuid(), sequenceNumber: 0 }),
    );
    expect(h.channel.unacknowledged).toBe(0);
  });

  it('TestCalculateRetransmissionTimeout through the channel: a 140 ms ack → SRTT 105, RTTVAR 10, RTO 145', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.clock += 140;
    h.channel.receive(agentAck(0));
    expect(h.channel.rto.srttMs).toBeCloseTo(105, 9);
    expect(h.channel.rto.rttVarMs).toBeCloseTo(10, 9);
    expect(h.channel.rto.rtoMs).toBeCloseTo(145, 9);
  });

  it('takes no RTT sample from a resent message (Karn rule; Go samples it from the first send)', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.clock += 201;
    h.channel.tick();
    expect(h.channel.stats.resends).toBe(1);
    h.clock += 99;
    h.channel.receive(agentAck(0));
    const untouched = new RetransmissionTimer();
    expect(h.channel.rto.rtoMs).toBeCloseTo(untouched.rtoMs, 9);
    expect(h.channel.rto.srttMs).toBeCloseTo(untouched.srttMs, 9);
    expect(h.channel.unacknowledged).toBe(0);
    // A message acknowledged without a resend still feeds the estimator, from its send time.
    h.channel.sendStream(PayloadType.Output, Buffer.from('y'));
    h.clock += 140;
    h.channel.receive(agentAck(1));
    untouched.addSample(140);
    expect(h.channel.rto.rtoMs).toBeCloseTo(untouched.rtoMs, 9);
  });

  it('TestAddDataToOutgoingMessageBuffer analogue: at capacity nothing is evicted; writable turns false instead', () => {
    // Deliberate difference from Go (which evicts the oldest entry): all three stay retransmittable.
    const h = new Harness({ outgoingCapacity: 2 });
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('0'))).toBe(true);
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('1'))).toBe(false);
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('2'))).toBe(false);
    expect(h.channel.unacknowledged).toBe(3);
    expect(h.channel.writable).toBe(false);
    h.clearWritten();
    h.clock += 201;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 1, 2]);
  });

  it('backpressure: writable is false at capacity and onDrain fires once at half capacity', () => {
    const h = new Harness({ outgoingCapacity: 4 });
    const results = [0, 1, 2, 3].map((i) => h.channel.sendStream(PayloadType.Output, Buffer.from(`${i}`)));
    expect(results).toEqual([true, true, true, false]);
    expect(h.channel.writable).toBe(false);
    h.channel.receive(agentAck(0));
    expect(h.channel.writable).toBe(true);
    expect(h.drains).toBe(0); // 3 left: more than half
    h.channel.receive(agentAck(1));
    expect(h.drains).toBe(1); // 2 left: half
    h.channel.receive(agentAck(2));
    h.channel.receive(agentAck(3));
    expect(h.drains).toBe(1); // only once per full episode
    // A second episode drains again.
    for (let i = 0; i < 4; i++) h.channel.sendStream(PayloadType.Output, Buffer.from('y'));
    for (let i = 4; i < 8; i++) h.channel.receive(agentAck(i));
    expect(h.drains).toBe(2);
  });

  it('no onDrain when the buffer never filled up', () => {
    const h = new Harness({ outgoingCapacity: 4 });
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.channel.receive(agentAck(0));
    expect(h.drains).toBe(0);
  });
});

describe('ReliableChannel resend loop (spec §4.2, with the documented fix of the Go bug)', () => {
  it('resends only after the RTO has passed, and at most once per RTO (not on every tick)', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    const original = h.written[0] as ClientMessage;
    h.clearWritten();
    const start = h.clock;
    for (const at of [100, 200]) {
      h.clock = start + at;
      h.channel.tick();
    }
    expect(h.sent()).toEqual([]); // now − last = 200 is not > RTO 200
    h.clock = start + 201;
    h.channel.tick();
    expect(h.sent()).toEqual([0]);
    // The same bytes go out again: same id, date and digest.
    expect(h.written[0]?.messageId).toBe(original.messageId);
    expect(h.written[0]?.createdDate).toBe(original.createdDate);
    expect(h.written[0]?.payload.toString()).toBe('x');
    for (const at of [301, 401]) {
      h.clock = start + at;
      h.channel.tick();
    }
    expect(h.sent()).toEqual([0]); // Go would have resent on each of these ticks
    h.clock = start + 402;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 0]);
    expect(h.channel.stats.resends).toBe(2);
    h.channel.receive(agentAck(0));
    h.clock += 10_000;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 0]);
  });

  it('follows the current RTO after it has been updated', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('a'));
    h.clock += 140;
    h.channel.receive(agentAck(0)); // RTO 145
    h.channel.sendStream(PayloadType.Output, Buffer.from('b'));
    h.clearWritten();
    h.clock += 145;
    h.channel.tick();
    expect(h.sent()).toEqual([]);
    h.clock += 1;
    h.channel.tick();
    expect(h.sent()).toEqual([1]);
  });

  it('resends every expired message, in order, but not the recent ones', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('0'));
    h.channel.sendStream(PayloadType.Output, Buffer.from('1'));
    h.clock += 150;
    h.channel.sendStream(PayloadType.Output, Buffer.from('2'));
    h.clearWritten();
    h.clock += 51;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 1]);
    h.clock += 150;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 1, 2]);
  });

  it('resends at most MAX_RESENDS_PER_TICK per tick, oldest first', () => {
    const h = new Harness();
    for (let i = 0; i < MAX_RESENDS_PER_TICK + 10; i++)
      h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.clearWritten();
    h.clock += 1_000;
    h.channel.tick();
    expect(h.sent()).toEqual(Array.from({ length: MAX_RESENDS_PER_TICK }, (_, i) => i));
    h.clearWritten();
    h.channel.tick();
    expect(h.sent()).toEqual(Array.from({ length: 10 }, (_, i) => MAX_RESENDS_PER_TICK + i));
  });

  it('holds new messages while the transport is backed up, and sends them in order once it drains', () => {
    let backlog = 0;
    const h = new Harness({ backlog: () => backlog });
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('0'))).toBe(true);
    backlog = WRITE_BACKLOG_LIMIT + 1;
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('1'))).toBe(false);
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('2'))).toBe(false);
    expect(h.sent()).toEqual([0]);
    h.channel.transportDrained();
    expect(h.sent()).toEqual([0]);
    expect(h.drains).toBe(0);
    backlog = 0;
    h.channel.transportDrained();
    expect(h.sent()).toEqual([0, 1, 2]);
    expect(h.drains).toBe(1);
    // Acks are never held back: they are what a dying socket must not take with it.
    backlog = WRITE_BACKLOG_LIMIT + 1;
    h.channel.receive(agentFrame(0));
    expect(h.acks()).toEqual([0]);
  });

  it('resends nothing while the transport still holds more than WRITE_BACKLOG_LIMIT unsent bytes', () => {
    let backlog = WRITE_BACKLOG_LIMIT + 1;
    const h = new Harness({ backlog: () => backlog });
    h.channel.sendStream(PayloadType.Output, Buffer.from('0'));
    h.clearWritten();
    h.clock += 1_000;
    h.channel.tick();
    expect(h.sent()).toEqual([]);
    backlog = 0;
    h.channel.tick();
    expect(h.sent()).toEqual([0]);
  });

  it('keeps and numbers a message whose write failed, and sends it on the next tick without waiting for the RTO', () => {
    const h = new Harness();
    h.online = false;
    expect(h.channel.sendStream(PayloadType.Output, Buffer.from('x'))).toBe(true);
    expect(h.channel.nextSequenceNumber).toBe(1);
    expect(h.channel.unacknowledged).toBe(1);
    h.channel.tick();
    expect(h.written).toEqual([]);
    h.online = true;
    h.channel.tick();
    expect(h.sent()).toEqual([0]);
    expect(h.channel.stats.resends).toBe(0); // its first transmission, not a resend
    h.channel.tick();
    expect(h.sent()).toEqual([0]);
  });

  it('stops a tick at the first failed write', () => {
    const h = new Harness();
    for (let i = 0; i < 3; i++) h.channel.sendStream(PayloadType.Output, Buffer.from(`${i}`));
    h.clearWritten();
    h.failWriteAt = 4; // attempts 0..2 were the original sends; 3 = resend of 0, 4 = resend of 1
    h.clock += 201;
    h.channel.tick();
    expect(h.sent()).toEqual([0]);
    h.channel.tick(); // 1 and 2 are still due: the failed one did not count as sent
    expect(h.sent()).toEqual([0, 1, 2]);
  });

  it('reacknowledgeRecent sends the last RECENT_ACKS_KEPT acks again, oldest first', () => {
    const h = new Harness();
    const total = RECENT_ACKS_KEPT + 3;
    for (let seq = 0; seq < total; seq++) h.channel.receive(agentFrame(seq));
    expect(h.acks()).toHaveLength(total);
    h.clearWritten();
    h.channel.reacknowledgeRecent();
    const again = h.acks();
    expect(again).toHaveLength(RECENT_ACKS_KEPT);
    expect(again[0]).toBe(3);
    expect(again.at(-1)).toBe(total - 1);
  });

  it('resendAll after a reconnect sends every unacknowledged message at once, in order', () => {
    const h = new Harness();
    for (let i = 0; i < 4; i++) h.channel.sendStream(PayloadType.Output, Buffer.from(`${i}`));
    h.channel.receive(agentAck(2));
    h.clearWritten();
    h.channel.resendAll();
    expect(h.sent()).toEqual([0, 1, 3]);
    expect(h.channel.stats.resends).toBe(3);
    // They count as just sent: no further resend before the RTO (lowered by the instant ack of 2).
    h.clock += h.channel.rto.rtoMs;
    h.channel.tick();
    expect(h.sent()).toEqual([0, 1, 3]);
  });

  it('resendAll stops at the first failed write and sends never-sent messages too', () => {
    const h = new Harness();
    h.online = false;
    h.channel.sendStream(PayloadType.Output, Buffer.from('a'));
    h.channel.sendStream(PayloadType.Output, Buffer.from('b'));
    h.channel.resendAll();
    expect(h.written).toEqual([]);
    h.online = true;
    h.channel.resendAll();
    expect(h.sent()).toEqual([0, 1]);
    expect(h.channel.stats.resends).toBe(0);
  });

  it('onResendTimeout fires once when the oldest message has waited too long, and re-arms after the buffer empties', () => {
    const h = new Harness({ resendTimeoutMs: 1_000 });
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.clock += 1_000;
    h.channel.tick();
    expect(h.resendTimeouts).toBe(0);
    h.clock += 1;
    h.channel.tick();
    expect(h.resendTimeouts).toBe(1);
    h.clock += 5_000;
    h.channel.tick();
    expect(h.resendTimeouts).toBe(1);
    h.channel.receive(agentAck(0));
    h.channel.sendStream(PayloadType.Output, Buffer.from('y'));
    h.clock += 1_001;
    h.channel.tick();
    expect(h.resendTimeouts).toBe(2);
  });

  it('measures the resend timeout from the first send of the oldest message', () => {
    const h = new Harness({ resendTimeoutMs: 1_000 });
    h.channel.sendStream(PayloadType.Output, Buffer.from('a'));
    h.clock += 600;
    h.channel.sendStream(PayloadType.Output, Buffer.from('b'));
    h.channel.receive(agentAck(0));
    h.clock += 500; // 'a' would be 1100 ms old, 'b' is 500 ms old
    h.channel.tick();
    expect(h.resendTimeouts).toBe(0);
    h.clock += 501;
    h.channel.tick();
    expect(h.resendTimeouts).toBe(1);
  });
});

describe('ReliableChannel incoming stream messages (spec §4.4)', () => {
  it('TestDataChannelIncomingMessageHandlerForExpectedInputStreamDataMessage: {2,6,4,3} buffered, seq 1 → expected 5, {6} remains', () => {
    const h = new Harness();
    h.channel.receive(agentFrame(0));
    expect(h.channel.expectedSequenceNumber).toBe(1);
    expect(h.acks()).toEqual([0]);
    for (const seq of [2, 6, 4, 3]) h.channel.receive(agentFrame(seq));
    // Out-of-order messages are acked when buffered, not delivered yet.
    expect(h.acks()).toEqual([0, 2, 6, 4, 3]);
    expect(h.deliveredSeqs()).toEqual([0]);
    h.channel.receive(agentFrame(1));
    expect(h.channel.expectedSequenceNumber).toBe(5);
    expect(h.deliveredSeqs()).toEqual([0, 1, 2, 3, 4]);
    expect(h.delivered.map((m) => m.payload.toString())).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    // Buffered messages are not acked a second time.
    expect(h.acks()).toEqual([0, 2, 6, 4, 3, 1]);
    // 6 is still held: a copy of it is a duplicate (re-acked), and 5 releases it.
    h.channel.receive(agentFrame(6));
    expect(h.channel.stats.duplicatesReceived).toBe(1);
    expect(h.deliveredSeqs()).toEqual([0, 1, 2, 3, 4]);
    h.channel.receive(agentFrame(5));
    expect(h.deliveredSeqs()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(h.channel.expectedSequenceNumber).toBe(7);
    expect(h.channel.stats.outOfOrderReceived).toBe(4);
  });

  it('TestDataChannelIncomingMessageHandlerForUnexpectedInputStreamDataMessage: capacity 2 → 2 acks, seq 3 dropped, expected 0', () => {
    const h = new Harness({ incomingCapacity: 2 });
    for (const seq of [1, 2, 3]) h.channel.receive(agentFrame(seq));
    expect(h.acks()).toEqual([1, 2]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    expect(h.channel.stats.droppedIncoming).toBe(1);
    expect(h.delivered).toEqual([]);
    // 0 releases 1 and 2; 3 was dropped unacked, so the agent resends it later.
    h.channel.receive(agentFrame(0));
    expect(h.deliveredSeqs()).toEqual([0, 1, 2]);
    h.channel.receive(agentFrame(3));
    expect(h.deliveredSeqs()).toEqual([0, 1, 2, 3]);
    expect(h.acks()).toEqual([1, 2, 0, 3]);
  });

  it('acks carry the type, id and sequence number of the acked message, seq 0 and flags 3', () => {
    const h = new Harness();
    const frame = agentFrame(0);
    const incoming = parseFrame(frame);
    h.channel.receive(frame);
    const ack = h.written[0] as ClientMessage;
    expect(ack).toMatchObject({ messageType: 'acknowledge', sequenceNumber: 0, flags: 3, payloadType: 0 });
    expect(ack.messageId).not.toBe(incoming.messageId);
    expect(parseAcknowledge(ack.payload)).toEqual({
      acknowledgedMessageType: 'output_stream_data',
      acknowledgedMessageId: incoming.messageId,
      acknowledgedMessageSequenceNumber: 0,
      isSequentialMessage: true,
    });
  });

  it('ordinary payloads are acked AFTER the handler succeeded', () => {
    const h = new Harness();
    const acksSeenByHandler: number[][] = [];
    h.deliverImpl = () => {
      acksSeenByHandler.push(h.acks());
      return 'delivered';
    };
    h.channel.receive(agentFrame(0, PayloadType.Output));
    expect(acksSeenByHandler).toEqual([[]]);
    expect(h.acks()).toEqual([0]);
  });

  it.each([
    ['HandshakeRequest', PayloadType.HandshakeRequest],
    ['HandshakeComplete', PayloadType.HandshakeComplete],
    ['EncChallengeRequest', PayloadType.EncChallengeRequest],
  ])('%s is acked BEFORE the handler runs', (_name, payloadType) => {
    const h = new Harness();
    const acksSeenByHandler: number[][] = [];
    h.deliverImpl = () => {
      acksSeenByHandler.push(h.acks());
      return 'delivered';
    };
    h.channel.receive(agentFrame(0, payloadType, '{}'));
    expect(acksSeenByHandler).toEqual([[0]]);
    expect(h.acks()).toEqual([0]); // and not a second time afterwards
    expect(h.channel.expectedSequenceNumber).toBe(1);
  });

  it('a failing handshake handler leaves the message acked but expected unchanged: the stream stalls (as Go)', () => {
    const h = new Harness();
    h.deliverImpl = () => {
      throw new Error('bad handshake');
    };
    h.channel.receive(agentFrame(0, PayloadType.HandshakeRequest, '{}'));
    expect(h.acks()).toEqual([0]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    expect(h.deliveryErrors.map((e) => e.error.message)).toEqual(['bad handshake']);
    expect(h.deliveryErrors[0]?.message.sequenceNumber).toBe(0);
    h.deliverImpl = () => 'delivered';
    h.channel.receive(agentFrame(1));
    h.channel.resumeDelivery();
    expect(h.deliveredSeqs()).toEqual([0]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
  });

  it("'not-ready' → no ack, message kept (copies ignored silently), delivered and acked after resumeDelivery()", () => {
    const h = new Harness();
    h.deliverImpl = () => 'not-ready';
    h.channel.receive(agentFrame(0));
    expect(h.acks()).toEqual([]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    // The agent resends it: no ack while we still cannot take it, and no second delivery attempt.
    h.channel.receive(agentFrame(0));
    expect(h.acks()).toEqual([]);
    expect(h.deliveredSeqs()).toEqual([0]);
    // Later messages are kept but not acked while delivery is held (the backlog stays with the agent).
    h.channel.receive(agentFrame(1));
    expect(h.acks()).toEqual([]);
    expect(h.channel.heldUnacknowledged).toBe(2);
    h.deliverImpl = () => 'delivered';
    h.channel.resumeDelivery();
    expect(h.deliveredSeqs()).toEqual([0, 0, 1]);
    expect(h.acks()).toEqual([0, 1]);
    expect(h.channel.expectedSequenceNumber).toBe(2);
    expect(h.channel.heldUnacknowledged).toBe(0);
  });

  it("a handshake message answered 'not-ready' is acked once and redelivered on resumeDelivery()", () => {
    const h = new Harness();
    h.deliverImpl = () => 'not-ready';
    h.channel.receive(agentFrame(0, PayloadType.HandshakeComplete, '{}'));
    expect(h.acks()).toEqual([0]);
    h.channel.receive(agentFrame(0, PayloadType.HandshakeComplete, '{}'));
    expect(h.acks()).toEqual([0, 0]); // a copy of an acked, held message is re-acked
    h.deliverImpl = () => 'delivered';
    h.channel.resumeDelivery();
    expect(h.acks()).toEqual([0, 0]);
    expect(h.channel.expectedSequenceNumber).toBe(1);
  });

  it('a handler may call resumeDelivery() (or receive more frames) from inside deliver: each message once, in order', () => {
    // E.g. HandshakeComplete makes the session register its handler and flush what it had refused.
    const h = new Harness();
    let ready = false;
    h.deliverImpl = (message) => {
      if (message.payloadType === PayloadType.HandshakeComplete) {
        ready = true;
        h.channel.resumeDelivery();
        h.channel.receive(agentFrame(2));
        return 'delivered';
      }
      return ready ? 'delivered' : 'not-ready';
    };
    h.channel.receive(agentFrame(1));
    h.channel.receive(agentFrame(0, PayloadType.HandshakeComplete, '{}'));
    expect(h.deliveredSeqs()).toEqual([0, 1, 2]);
    expect(h.deliveryErrors).toEqual([]);
    expect(h.acks()).toEqual([1, 0, 2]);
    expect(h.channel.expectedSequenceNumber).toBe(3);
  });

  it('resumeDelivery() with nothing waiting does nothing', () => {
    const h = new Harness();
    h.channel.resumeDelivery();
    expect(h.delivered).toEqual([]);
    expect(h.written).toEqual([]);
  });

  it('duplicates of already delivered messages are re-acked (as the agent does) and not delivered again', () => {
    const h = new Harness();
    h.channel.receive(agentFrame(0));
    h.channel.receive(agentFrame(1));
    h.channel.receive(agentFrame(0));
    h.channel.receive(agentFrame(1));
    expect(h.acks()).toEqual([0, 1, 0, 1]);
    expect(h.deliveredSeqs()).toEqual([0, 1]);
    expect(h.channel.stats.duplicatesReceived).toBe(2);
    // A negative sequence number is below expected too: treated as a duplicate, never delivered.
    h.channel.receive(agentFrame(-5));
    expect(h.deliveredSeqs()).toEqual([0, 1]);
  });

  it('async delivery pauses in-order delivery until the promise settles; the ack follows the settlement', async () => {
    const h = new Harness();
    const first = deferred();
    h.deliverImpl = (message) => (message.sequenceNumber === 0 ? first.promise : 'delivered');
    h.channel.receive(agentFrame(0));
    h.channel.receive(agentFrame(1));
    h.channel.receive(agentFrame(2));
    h.channel.resumeDelivery(); // must not bypass the pending delivery
    expect(h.deliveredSeqs()).toEqual([0]);
    expect(h.acks()).toEqual([]); // 1 and 2 kept but not acked while 0 is pending (flow control)
    expect(h.channel.expectedSequenceNumber).toBe(0);
    // Copies of the pending and of the kept messages are not acked either.
    h.channel.receive(agentFrame(0));
    h.channel.receive(agentFrame(2));
    expect(h.acks()).toEqual([]);
    first.resolve();
    await settle();
    expect(h.deliveredSeqs()).toEqual([0, 1, 2]);
    expect(h.acks()).toEqual([0, 1, 2]);
    expect(h.channel.expectedSequenceNumber).toBe(3);
  });

  it('chains several async deliveries one after another', async () => {
    const h = new Harness();
    const pending: Array<() => void> = [];
    h.deliverImpl = () => {
      const d = deferred();
      pending.push(d.resolve);
      return d.promise;
    };
    for (let seq = 0; seq < 3; seq++) h.channel.receive(agentFrame(seq));
    for (let step = 1; step <= 3; step++) {
      expect(h.deliveredSeqs()).toHaveLength(step);
      pending.shift()?.();
      await settle();
    }
    expect(h.channel.expectedSequenceNumber).toBe(3);
    expect(h.acks()).toEqual([0, 1, 2]);
  });

  it('a rejected async delivery reports the error, sends no ack and stalls the stream', async () => {
    const h = new Harness();
    const first = deferred();
    h.deliverImpl = () => first.promise;
    h.channel.receive(agentFrame(0));
    first.reject(new Error('consumer failed'));
    await settle();
    expect(h.deliveryErrors.map((e) => e.error.message)).toEqual(['consumer failed']);
    expect(h.acks()).toEqual([]);
    h.deliverImpl = () => 'delivered';
    h.channel.receive(agentFrame(1));
    h.channel.resumeDelivery();
    expect(h.deliveredSeqs()).toEqual([0]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
  });

  it('a rejection with a non-Error value is wrapped in an Error', async () => {
    const h = new Harness();
    const first = deferred();
    h.deliverImpl = () => first.promise;
    h.channel.receive(agentFrame(0));
    first.reject('plain string');
    await settle();
    expect(h.deliveryErrors[0]?.error).toBeInstanceOf(Error);
    expect(h.deliveryErrors[0]?.error.message).toBe('plain string');
  });

  it('a throwing data handler: no ack, no increment, onDeliveryError, stream stalled', () => {
    const h = new Harness();
    h.deliverImpl = () => {
      throw new Error('handler failed');
    };
    h.channel.receive(agentFrame(0));
    expect(h.acks()).toEqual([]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    expect(h.deliveryErrors).toHaveLength(1);
  });

  it('works without any of the optional callbacks', () => {
    const written: Buffer[] = [];
    const channel = new ReliableChannel({
      write: (frame) => written.push(frame) > 0,
      now: () => 0,
      deliver: () => {
        throw new Error('x');
      },
    });
    channel.receive(Buffer.alloc(10));
    channel.receive(controlFrame(MessageType.ChannelClosed));
    channel.receive(
      encodeClientMessage({
        messageType: 'acknowledge',
        sequenceNumber: 0,
        payloadType: 0,
        payload: Buffer.from('{'),
      }),
    );
    channel.receive(agentFrame(0));
    for (let i = 0; i < 2; i++) channel.sendStream(PayloadType.Output, Buffer.from('x'));
    channel.tick();
    expect(channel.stats.invalidFrames).toBe(2);
    expect(written).toHaveLength(2);
  });
});

describe('ReliableChannel encryption (spec §6)', () => {
  it('seals only Output going out, with the client→agent key; Size, Flag, 6 and 9 stay plain', () => {
    const h = new Harness();
    h.channel.enableEncryption(KEYS);
    expect(h.channel.encrypted).toBe(true);
    h.channel.sendStream(PayloadType.Output, Buffer.from('ls -la\n'));
    h.channel.sendStream(PayloadType.Size, Buffer.from('{"cols":100,"rows":100}'));
    h.channel.sendStream(PayloadType.Flag, Buffer.from([0, 0, 0, 2]));
    h.channel.sendStream(PayloadType.HandshakeResponse, Buffer.from('{}'));
    h.channel.sendStream(PayloadType.EncChallengeResponse, Buffer.from('{"Challenge":""}'));
    const [output, size, flag, response, challenge] = h.written;
    // The digest (checked by parseFrame in the harness) covers the ciphertext; the envelope is 28 bytes longer.
    expect(output?.payload.length).toBe(7 + 28);
    expect(openPayload(KEYS.clientToAgent, output?.payload ?? Buffer.alloc(0)).toString()).toBe('ls -la\n');
    expect(() => openPayload(KEYS.agentToClient, output?.payload ?? Buffer.alloc(0))).toThrow(ProtocolError);
    expect(size?.payload.toString()).toBe('{"cols":100,"rows":100}');
    expect(flag?.payload.toString('hex')).toBe('00000002');
    expect(response?.payload.toString()).toBe('{}');
    expect(challenge?.payload.toString()).toBe('{"Challenge":""}');
  });

  it('does not seal before encryption is enabled', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('plain'));
    expect(h.written[0]?.payload.toString()).toBe('plain');
  });

  it('opens Output, StdErr and ExitCode coming in with the agent→client key (TestHandleOutputMessageForExitCodePayloadType)', () => {
    const h = new Harness();
    h.channel.enableEncryption(KEYS);
    const seal = (text: string): Buffer => sealPayload(KEYS.agentToClient, Buffer.from(text));
    h.channel.receive(agentFrame(0, PayloadType.Output, seal('out')));
    h.channel.receive(agentFrame(1, PayloadType.StdErr, seal('err')));
    h.channel.receive(agentFrame(2, PayloadType.ExitCode, seal('EXIT_CODE: 3')));
    expect(h.delivered.map((m) => [m.payloadType, m.payload.toString()])).toEqual([
      [1, 'out'],
      [11, 'err'],
      [12, 'EXIT_CODE: 3'],
    ]);
    expect(h.acks()).toEqual([0, 1, 2]);
  });

  it('opens buffered (out-of-order) encrypted messages when they are delivered', () => {
    const h = new Harness();
    h.channel.enableEncryption(KEYS);
    h.channel.receive(
      agentFrame(1, PayloadType.Output, sealPayload(KEYS.agentToClient, Buffer.from('second'))),
    );
    h.channel.receive(
      agentFrame(0, PayloadType.Output, sealPayload(KEYS.agentToClient, Buffer.from('first'))),
    );
    expect(h.delivered.map((m) => m.payload.toString())).toEqual(['first', 'second']);
  });

  it('leaves handshake payloads and other types plain when encryption is on', () => {
    const h = new Harness();
    h.channel.enableEncryption(KEYS);
    h.channel.receive(agentFrame(0, PayloadType.EncChallengeRequest, '{"Challenge":"AA=="}'));
    h.channel.receive(agentFrame(1, PayloadType.HandshakeComplete, '{"CustomerMessage":"x"}'));
    h.channel.receive(agentFrame(2, PayloadType.Flag, Buffer.from([0, 0, 0, 3])));
    expect(h.delivered.map((m) => m.payload.toString('hex'))).toEqual([
      Buffer.from('{"Challenge":"AA=="}').toString('hex'),
      Buffer.from('{"CustomerMessage":"x"}').toString('hex'),
      '00000003',
    ]);
    expect(h.deliveryErrors).toEqual([]);
  });

  it('a payload that fails to open is a delivery error (decrypt-failed): no ack, no increment', () => {
    const h = new Harness();
    h.channel.enableEncryption(KEYS);
    h.channel.receive(
      agentFrame(0, PayloadType.Output, sealPayload(KEYS.clientToAgent, Buffer.from('wrong key'))),
    );
    expect(h.delivered).toEqual([]);
    expect(h.acks()).toEqual([]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
    const error = h.deliveryErrors[0]?.error;
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('decrypt-failed');
  });
});

describe('ReliableChannel non-stream and invalid frames (spec §1, §4.5, §4.6)', () => {
  it.each([
    MessageType.ChannelClosed,
    MessageType.StartPublication,
    MessageType.PausePublication,
    MessageType.AgentSessionState,
    MessageType.InputStreamData,
    'some_future_type',
  ])('%s goes to onControlMessage: not acked, not delivered, no sequence effect', (type) => {
    const h = new Harness();
    h.channel.receive(controlFrame(type));
    expect(h.controls.map((m) => m.messageType)).toEqual([type]);
    expect(h.written).toEqual([]);
    expect(h.delivered).toEqual([]);
    expect(h.channel.expectedSequenceNumber).toBe(0);
  });

  it('start_publication with HL 0 and CreatedDate 0 still reaches onControlMessage (validation skipped)', () => {
    const h = new Harness();
    const frame = controlFrame(MessageType.StartPublication);
    frame.writeUInt32BE(0, 0);
    frame.writeBigUInt64BE(0n, 40);
    h.channel.receive(frame);
    expect(h.controls).toHaveLength(1);
    expect(h.invalid).toEqual([]);
  });

  it('drops a frame that fails to decode or validate, unacknowledged, and reports a ProtocolError', () => {
    const h = new Harness();
    const badDigest = agentFrame(0);
    badDigest.writeUInt8(badDigest.readUInt8(120) ^ 0xff, 120);
    const noDate = agentFrame(0);
    noDate.writeBigUInt64BE(0n, 40);
    for (const frame of [Buffer.alloc(0), Buffer.alloc(119), badDigest, noDate]) h.channel.receive(frame);
    expect(h.invalid.map((e) => (e as ProtocolError).code)).toEqual([
      'frame-too-short',
      'frame-too-short',
      'payload-digest-mismatch',
      'created-date-missing',
    ]);
    expect(h.written).toEqual([]);
    expect(h.delivered).toEqual([]);
    expect(h.channel.stats.invalidFrames).toBe(4);
    expect(h.channel.stats.framesReceived).toBe(4);
  });

  it('an ack whose payload is not a valid ack is reported as invalid-payload and changes nothing', () => {
    const h = new Harness();
    h.channel.sendStream(PayloadType.Output, Buffer.from('x'));
    h.channel.receive(
      encodeClientMessage({
        messageType: MessageType.Acknowledge,
        sequenceNumber: 0,
        flags: 3,
        payloadType: 0,
        payload: Buffer.from('{"AcknowledgedMessageSequenceNumber":"0"}'),
      }),
    );
    expect((h.invalid[0] as ProtocolError).code).toBe('invalid-payload');
    expect(h.channel.unacknowledged).toBe(1);
  });

  it('does not look at incoming header Flags', () => {
    const h = new Harness();
    const frame = encodeClientMessage({
      messageType: MessageType.OutputStreamData,
      sequenceNumber: 0,
      flags: 0xdead,
      payloadType: PayloadType.Output,
      payload: Buffer.from('x'),
    });
    h.channel.receive(frame);
    expect(h.deliveredSeqs()).toEqual([0]);
  });
});

describe('ReliableChannel memory bounds in bytes (issue 8 §2)', () => {
  const KiB = 1024;
  const bigFrame = (seq: number, size: number): Buffer =>
    agentFrame(seq, PayloadType.Output, Buffer.alloc(size, seq & 0xff));

  it('states its bounds', () => {
    expect(DEFAULT_INCOMING_BYTE_LIMIT).toBe(32 * 1024 * 1024);
    expect(DEFAULT_OUTGOING_BYTE_LIMIT).toBe(16 * 1024 * 1024);
    expect(RECEIVE_PAUSE_BYTES).toBe(1024 * 1024);
    expect(ACK_BACKLOG_LIMIT).toBe(8 * 1024 * 1024);
  });

  it('large frames after a gap: only what fits is held and acked; the rest is refused unacked, resent, and nothing is lost', () => {
    const limit = 2 * 1024 * KiB;
    const h = new Harness({ incomingByteLimit: limit });
    const size = 256 * KiB;
    const total = 20;
    // Seq 0 is missing; 1..19 arrive, each 256 KiB.
    for (let seq = 1; seq < total; seq++) {
      h.channel.receive(bigFrame(seq, size));
      expect(h.channel.heldIncomingBytes).toBeLessThanOrEqual(limit);
    }
    const acked = new Set(h.acks());
    expect(acked.size).toBeGreaterThan(0);
    expect(acked.size).toBeLessThan(total - 1);
    expect(h.channel.stats.droppedIncoming).toBe(total - 1 - acked.size);
    // The gap is filled, then the peer resends what it never got an ack for (as the agent does).
    h.channel.receive(bigFrame(0, size));
    for (let seq = 1; seq < total; seq++) if (!acked.has(seq)) h.channel.receive(bigFrame(seq, size));
    expect(h.deliveredSeqs()).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(
      h.delivered.every((m) => m.payload.length === size && m.payload[0] === (m.sequenceNumber & 0xff)),
    ).toBe(true);
    expect(h.channel.heldIncomingBytes).toBe(0);
    expect(h.channel.heldIncoming).toBe(0);
  });

  it('the expected message is taken even when the bound is full (it is what frees the others)', () => {
    const h = new Harness({ incomingByteLimit: 300 * KiB });
    h.channel.receive(bigFrame(1, 200 * KiB));
    h.channel.receive(bigFrame(2, 200 * KiB)); // refused: over the bound
    h.channel.receive(bigFrame(0, 200 * KiB));
    expect(h.deliveredSeqs()).toEqual([0, 1]);
    expect(h.channel.stats.droppedIncoming).toBe(1);
  });

  it('outgoing: writable turns false at the byte limit and onDrain fires at half of it', () => {
    const h = new Harness({ outgoingByteLimit: 64 * KiB });
    let writable = true;
    let sent = 0;
    while (writable) {
      writable = h.channel.sendStream(PayloadType.Output, Buffer.alloc(8 * KiB));
      sent++;
    }
    expect(sent).toBe(8); // 8 frames of 8 KiB + 120 bytes reach 64 KiB
    expect(h.channel.unacknowledgedBytes).toBeGreaterThanOrEqual(64 * KiB);
    // 4 of the 8 frames left: 4 × (8 KiB + 120) is still above half of 64 KiB.
    for (let seq = 0; seq < 4; seq++) h.channel.receive(agentAck(seq));
    expect(h.drains).toBe(0);
    expect(h.channel.writable).toBe(true);
    h.channel.receive(agentAck(4));
    expect(h.drains).toBe(1);
    expect(h.channel.writable).toBe(true);
  });

  it('onAllAcknowledged fires each time the last outstanding message is acknowledged', () => {
    let all = 0;
    const h = new Harness({ onAllAcknowledged: () => all++ });
    h.channel.sendStream(PayloadType.Output, Buffer.from('a'));
    h.channel.sendStream(PayloadType.Output, Buffer.from('b'));
    h.channel.receive(agentAck(1));
    expect(all).toBe(0);
    h.channel.receive(agentAck(0));
    expect(all).toBe(1);
    h.channel.receive(agentAck(0)); // unknown now: nothing
    h.channel.sendStream(PayloadType.Output, Buffer.from('c'));
    h.channel.receive(agentAck(2));
    expect(all).toBe(2);
  });

  it('reacknowledgeRecent rebuilds each ack with the acked message id and sequence number', () => {
    const h = new Harness();
    const frames = [agentFrame(0), agentFrame(1)];
    for (const frame of frames) h.channel.receive(frame);
    h.clearWritten();
    h.channel.reacknowledgeRecent();
    expect(h.written.map((m) => parseAcknowledge(m.payload))).toEqual(
      frames.map((f) => {
        const m = parseFrame(f);
        return {
          acknowledgedMessageType: 'output_stream_data',
          acknowledgedMessageId: m.messageId,
          acknowledgedMessageSequenceNumber: m.sequenceNumber,
          isSequentialMessage: true,
        };
      }),
    );
  });
});

describe('ReliableChannel flow control: a held delivery stops acknowledgements (issue 9 §0)', () => {
  const KiB = 1024;
  const frame = (seq: number): Buffer =>
    agentFrame(seq, PayloadType.Output, Buffer.alloc(64 * KiB, seq & 0xff));

  it('while a slow consumer holds delivery nothing is acked, the held bytes stay within the bound, the transport is asked to stop reading; after the drain nothing is lost', async () => {
    const limit = 2 * 1024 * KiB;
    const pressure: boolean[] = [];
    const h = new Harness({ incomingByteLimit: limit, onReceivePressure: (paused) => pressure.push(paused) });
    const drained = deferred();
    h.deliverImpl = (m) => (m.sequenceNumber === 0 ? drained.promise : 'delivered');
    const total = 60; // 60 × 64 KiB ≈ 3.8 MiB, more than the bound
    for (let seq = 0; seq < total; seq++) {
      h.channel.receive(frame(seq));
      expect(h.channel.heldIncomingBytes).toBeLessThanOrEqual(limit + 64 * KiB + 120);
    }
    expect(h.acks()).toEqual([]);
    expect(h.channel.heldUnacknowledged).toBe(h.channel.heldIncoming);
    expect(pressure).toEqual([true]); // past RECEIVE_PAUSE_BYTES
    const refused = h.channel.stats.droppedIncoming;
    expect(refused).toBeGreaterThan(0);
    drained.resolve();
    await settle();
    expect(pressure).toEqual([true, false]);
    const deliveredFirst = h.deliveredSeqs().length;
    expect(h.acks()).toEqual(Array.from({ length: deliveredFirst }, (_, i) => i));
    // The agent resends every message it holds unacknowledged: nothing is lost, nothing doubled.
    for (let seq = 0; seq < total; seq++) h.channel.receive(frame(seq));
    expect(h.deliveredSeqs()).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(h.channel.heldIncomingBytes).toBe(0);
  });

  it("'not-ready' holds acks too but does not ask the transport to stop reading (channel_closed must still arrive)", () => {
    const pressure: boolean[] = [];
    const h = new Harness({ onReceivePressure: (paused) => pressure.push(paused) });
    h.deliverImpl = () => 'not-ready';
    for (let seq = 0; seq < 40; seq++) h.channel.receive(frame(seq));
    expect(h.acks()).toEqual([]);
    expect(pressure).toEqual([]);
  });

  it('messages kept while delivery was held are acked once it goes on, even those beyond a gap', () => {
    const h = new Harness();
    h.deliverImpl = () => 'not-ready';
    h.channel.receive(agentFrame(0));
    h.channel.receive(agentFrame(2));
    h.channel.receive(agentFrame(3));
    expect(h.acks()).toEqual([]);
    h.deliverImpl = () => 'delivered';
    h.channel.resumeDelivery();
    // 0 delivered and acked; 1 is missing, so 2 and 3 are now ordinary out-of-order messages: acked.
    expect(h.deliveredSeqs()).toEqual([0, 0]);
    expect(h.acks()).toEqual([0, 2, 3]);
    expect(h.channel.heldUnacknowledged).toBe(0);
    h.channel.receive(agentFrame(1));
    expect(h.deliveredSeqs()).toEqual([0, 0, 1, 2, 3]);
    expect(h.acks()).toEqual([0, 2, 3, 1]);
  });

  it('a transport that cannot take acks (peer sends but does not read) refuses messages that need one', () => {
    let backlog = 0;
    const h = new Harness({ backlog: () => backlog });
    h.channel.receive(agentFrame(0));
    backlog = ACK_BACKLOG_LIMIT + 1;
    h.channel.receive(agentFrame(2)); // out of order: would need an ack
    h.channel.receive(agentFrame(1)); // in order: would be delivered and acked
    h.channel.receive(agentFrame(0)); // duplicate: not re-acked
    expect(h.acks()).toEqual([0]);
    expect(h.deliveredSeqs()).toEqual([0]);
    expect(h.channel.stats.droppedIncoming).toBe(2);
    backlog = 0;
    h.channel.receive(agentFrame(1));
    expect(h.deliveredSeqs()).toEqual([0, 1]);
  });
});
