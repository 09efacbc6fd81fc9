import { encodeAcknowledge, parseAcknowledge } from './acknowledge.js';
import { encodeClientMessage, parseFrame, type ClientMessage } from './codec/client-message.js';
import { MessageType, PayloadType } from './codec/message-type.js';
import { openPayload, sealPayload, type DirectionalKeys } from './codec/payload-cipher.js';
import { RetransmissionTimer } from './rto.js';

/**
 * The client's side of the data channel's reliability layer (spec §4), sans-IO in the manner of
 * ssh2's Protocol: it is fed frames (`receive`) and clock ticks (`tick`), and writes through the
 * `write` callback. Sockets, timers and reconnects live in the transport layer.
 *
 * Deliberate differences from the Go client, each allowed by the agent's behaviour:
 * - a resent message is not resent again until another RTO has passed (Go resends every 100 ms tick);
 * - every expired message is resent, not only the oldest, so one loss does not serialise recovery;
 *   but at most MAX_RESENDS_PER_TICK per tick;
 * - nothing is written while the transport queues more than WRITE_BACKLOG_LIMIT bytes (its
 *   `backlog`); messages wait, numbered, until `transportDrained`. A socket that dies loses its queue,
 *   acks included, and each lost ack costs the agent a front-only resend (spec §4.2);
 * - a message whose write fails (socket down) is still numbered and kept, and goes out on reconnect;
 * - a resent message gives no RTT sample (Karn's rule), so refusals do not pin the RTO at its cap;
 * - the incoming buffer holds 100000 out-of-order messages (Go: 10000; see DEFAULT_INCOMING_CAPACITY),
 *   and at most DEFAULT_INCOMING_BYTE_LIMIT bytes of them: a message is up to 4 MiB, so a count alone
 *   bounds nothing. A message beyond either bound is dropped unacknowledged, and the peer resends it;
 * - after a reconnect the most recent acks are sent again (`reacknowledgeRecent`);
 * - duplicates are re-acknowledged (the agent does this too; it is harmless and speeds recovery);
 * - the outgoing buffer never evicts: when it holds DEFAULT_OUTGOING_CAPACITY messages or
 *   DEFAULT_OUTGOING_BYTE_LIMIT bytes, `sendStream` reports backpressure and `onDrain` fires once there
 *   is room, so memory stays bounded without losing data;
 * - a message the session cannot take yet ("not ready", or a slow consumer) is kept rather than
 *   dropped, and delivered when the session calls `resumeDelivery()`;
 * - while delivery is held that way, nothing more is acknowledged: later messages are kept (within
 *   the bounds) but acked only once delivered, so a paused consumer leaves its backlog with the agent,
 *   as Go's blocking stdout write does. While a slow consumer holds delivery and more than
 *   RECEIVE_PAUSE_BYTES are waiting, `onReceivePressure(true)` asks the transport to stop reading,
 *   which is what Go's blocked read loop amounts to (TCP backpressure up to the agent);
 * - while the transport queues more than ACK_BACKLOG_LIMIT bytes (a peer that sends but does not
 *   read), incoming messages that would need an ack are dropped instead, so acks cannot pile up.
 */

/** What a delivery handler answers for one in-order stream message. */
export type DeliveryResult = 'delivered' | 'not-ready' | Promise<void>;

export interface ReliableChannelOptions {
  /** Writes one binary frame. Returns false when the transport cannot take it (e.g. disconnected). */
  write(frame: Buffer): boolean;
  /** Monotonic milliseconds. */
  now(): number;
  /** In-order stream messages, payload already decrypted. Handshake types (5, 7, 8) are acked first. */
  deliver(message: ClientMessage): DeliveryResult;
  /** Non-stream message types other than acknowledge (channel_closed, start/pause_publication, …). */
  onControlMessage?(message: ClientMessage): void;
  /** A frame that failed to decode or validate: it is dropped, unacknowledged, as Go does. */
  onInvalidFrame?(error: Error): void;
  /** A delivery handler threw or rejected: the stream stops at that message. */
  onDeliveryError?(error: Error, message: ClientMessage): void;
  /** The outgoing buffer went from full to half empty. */
  onDrain?(): void;
  /** The oldest unacknowledged message has waited `resendTimeoutMs` (Go: ≈5 min, then TerminateSession). */
  onResendTimeout?(): void;
  /** Bytes the transport has accepted but not yet put on the wire (ws bufferedAmount). */
  backlog?(): number;
  /** Every message sent so far has been acknowledged (the outgoing buffer just became empty). */
  onAllAcknowledged?(): void;
  /**
   * true: a slow consumer holds delivery and RECEIVE_PAUSE_BYTES are waiting; stop reading the
   * transport. false: delivery goes on again; read again.
   */
  onReceivePressure?(paused: boolean): void;
  /**
   * How much a slow consumer may hold before the transport stops reading (default
   * RECEIVE_PAUSE_BYTES). A consumer that pauses often and wants little in hand when it resumes (a
   * terminal tab of the desktop app) gives less.
   */
  receivePauseBytes?: number;
  outgoingCapacity?: number;
  outgoingByteLimit?: number;
  incomingCapacity?: number;
  incomingByteLimit?: number;
  resendTimeoutMs?: number;
}

interface OutgoingEntry {
  sequenceNumber: number;
  frame: Buffer;
  createdAt: number;
  /** The first successful write (RTT samples start here); undefined until then. */
  firstSentAt: number | undefined;
  /** undefined until a write has succeeded, and again when it must go out at the next chance. */
  lastSentAt: number | undefined;
  /** Sent more than once: its ack cannot tell which copy it answers, so it gives no RTT sample. */
  resent: boolean;
}

interface IncomingEntry {
  message: ClientMessage;
  acked: boolean;
  /** The frame's size: what holding it costs. */
  bytes: number;
}

export interface ReliableChannelStats {
  framesReceived: number;
  invalidFrames: number;
  streamMessagesSent: number;
  resends: number;
  duplicatesReceived: number;
  outOfOrderReceived: number;
  droppedIncoming: number;
}

/** Go's buffer capacities (spec §4.2, §4.4). */
export const DEFAULT_OUTGOING_CAPACITY = 10_000;
/**
 * Unacknowledged outgoing bytes (messages not yet written included). 10000 of our 1 KiB messages are
 * about 12 MB, so this only binds for larger payloads; one caller's chunk may overshoot it once.
 */
export const DEFAULT_OUTGOING_BYTE_LIMIT = 16 * 1024 * 1024;
/**
 * Bytes of incoming messages held (out of order, or waiting for the consumer). 32 MiB covers about a
 * second of a fast download waiting for one resent message; beyond it messages are refused
 * unacknowledged and the peer resends them.
 */
export const DEFAULT_INCOMING_BYTE_LIMIT = 32 * 1024 * 1024;
/** A slow consumer holding this much makes the channel ask the transport to stop reading. */
export const RECEIVE_PAUSE_BYTES = 1024 * 1024;
/** A transport queueing more than this cannot take more acks: messages needing one are refused. */
export const ACK_BACKLOG_LIMIT = 8 * 1024 * 1024;
/**
 * 100000, the agent's own outgoing capacity, not Go's 10000: a message dropped for lack of room is
 * never acknowledged, and the agent resends only its oldest unacknowledged message once per RTO, so
 * after one lost frame on a busy download every dropped message would cost up to 100 ms to recover.
 */
export const DEFAULT_INCOMING_CAPACITY = 100_000;
/** 3000 resend attempts × 100 ms in Go: about five minutes. */
/** Acks re-sent after a reconnect: about what a congested websocket can hold when it dies. */
export const RECENT_ACKS_KEPT = 16_384;
/** Resends per 100 ms tick: 256 KiB, enough to repair 5% loss at 50 MB/s without flooding the link. */
export const MAX_RESENDS_PER_TICK = 256;
/** Nothing more is written while the transport still queues more than this many unsent bytes. */
export const WRITE_BACKLOG_LIMIT = 1024 * 1024;
export const DEFAULT_RESEND_TIMEOUT_MS = 5 * 60_000;

const HANDSHAKE_TYPES: ReadonlySet<number> = new Set([
  PayloadType.HandshakeRequest,
  PayloadType.HandshakeComplete,
  PayloadType.EncChallengeRequest,
]);
const ENCRYPTED_INCOMING_TYPES: ReadonlySet<number> = new Set([
  PayloadType.Output,
  PayloadType.StdErr,
  PayloadType.ExitCode,
]);

export class ReliableChannel {
  readonly rto = new RetransmissionTimer();
  readonly stats: ReliableChannelStats = {
    framesReceived: 0,
    invalidFrames: 0,
    streamMessagesSent: 0,
    resends: 0,
    duplicatesReceived: 0,
    outOfOrderReceived: 0,
    droppedIncoming: 0,
  };

  /**
   * The last RECENT_ACKS_KEPT messages acked, oldest at recentAckNext (a ring). Kept as sequence number
   * and id rather than as ack frames: about 70 bytes each instead of 296 (1 MiB instead of 4.6 MiB per
   * long-lived session); the frames are built again only after a reconnect.
   */
  private readonly recentAckSequence = new Float64Array(RECENT_ACKS_KEPT);
  private readonly recentAckId: string[] = [];
  private recentAckNext = 0;
  private outgoingBytes = 0;
  private incomingBytes = 0;
  /** Held incoming messages not acknowledged yet (kept while delivery was held). */
  private unackedHeld = 0;
  /** The consumer answered 'not-ready' for the expected message; resumeDelivery() clears it. */
  private waitingUntilReady = false;
  private receivePaused_ = false;
  private nextOutgoingSequence = 0;
  private expectedIncomingSequence = 0;
  private readonly outgoing = new Map<number, OutgoingEntry>();
  private readonly incoming = new Map<number, IncomingEntry>();
  private keys: DirectionalKeys | undefined;
  private deliveryPending = false;
  /** True while the delivery loop runs, so a handler calling back in does not deliver a message twice. */
  private delivering = false;
  private stalled = false;
  private backpressured = false;
  private resendTimeoutReported = false;
  private readonly outgoingCapacity: number;
  private readonly outgoingByteLimit: number;
  private readonly incomingCapacity: number;
  private readonly incomingByteLimit: number;
  private readonly resendTimeoutMs: number;

  constructor(private readonly options: ReliableChannelOptions) {
    this.outgoingCapacity = options.outgoingCapacity ?? DEFAULT_OUTGOING_CAPACITY;
    this.outgoingByteLimit = options.outgoingByteLimit ?? DEFAULT_OUTGOING_BYTE_LIMIT;
    this.incomingCapacity = options.incomingCapacity ?? DEFAULT_INCOMING_CAPACITY;
    this.incomingByteLimit = options.incomingByteLimit ?? DEFAULT_INCOMING_BYTE_LIMIT;
    this.resendTimeoutMs = options.resendTimeoutMs ?? DEFAULT_RESEND_TIMEOUT_MS;
  }

  /** Switches on encryption after a successful KMSEncryption action (spec §6). */
  enableEncryption(keys: DirectionalKeys): void {
    this.keys = keys;
  }

  get encrypted(): boolean {
    return this.keys !== undefined;
  }

  /** Unacknowledged outgoing messages. */
  get unacknowledged(): number {
    return this.outgoing.size;
  }

  /** Bytes of unacknowledged outgoing messages (those not yet written included). */
  get unacknowledgedBytes(): number {
    return this.outgoingBytes;
  }

  /** Incoming messages held: out of order, or waiting for the consumer. */
  get heldIncoming(): number {
    return this.incoming.size;
  }

  /** Bytes of incoming messages held. */
  get heldIncomingBytes(): number {
    return this.incomingBytes;
  }

  /** True while the channel has asked the transport to stop reading (a slow consumer, see onReceivePressure). */
  get receivePaused(): boolean {
    return this.receivePaused_;
  }

  /** Held incoming messages not acknowledged yet: the backlog left with the agent. */
  get heldUnacknowledged(): number {
    return this.unackedHeld;
  }

  /** False while the outgoing buffer is full or the transport is backed up; wait for `onDrain`. */
  get writable(): boolean {
    return (
      this.outgoing.size < this.outgoingCapacity &&
      this.outgoingBytes < this.outgoingByteLimit &&
      !this.congested()
    );
  }

  get nextSequenceNumber(): number {
    return this.nextOutgoingSequence;
  }

  get expectedSequenceNumber(): number {
    return this.expectedIncomingSequence;
  }

  /**
   * Numbers, buffers and writes one `input_stream_data` message. Every PayloadType takes a sequence
   * number (spec §4.1); only Output is encrypted (§6). Returns `writable`, like a stream's write().
   */
  sendStream(payloadType: number, payload: Uint8Array): boolean {
    const body =
      this.keys && payloadType === PayloadType.Output
        ? sealPayload(this.keys.clientToAgent, payload)
        : payload;
    const sequenceNumber = this.nextOutgoingSequence++;
    const frame = encodeClientMessage({
      messageType: MessageType.InputStreamData,
      sequenceNumber,
      payloadType,
      payload: body,
    });
    const now = this.options.now();
    const entry: OutgoingEntry = {
      sequenceNumber,
      frame,
      createdAt: now,
      firstSentAt: undefined,
      lastSentAt: undefined,
      resent: false,
    };
    this.outgoing.set(sequenceNumber, entry);
    this.outgoingBytes += frame.length;
    // While the transport is backed up the message waits here, numbered, for `transportDrained`: a
    // socket that dies takes its queue with it, acks included, so that queue is kept short.
    if (!this.congested() && this.options.write(frame)) this.markSent(entry, now);
    this.stats.streamMessagesSent++;
    if (!this.writable) this.backpressured = true;
    return this.writable;
  }

  /** Feeds one binary frame from the transport. */
  receive(frame: Uint8Array): void {
    this.stats.framesReceived++;
    let message: ClientMessage;
    try {
      message = parseFrame(frame);
    } catch (error) {
      this.stats.invalidFrames++;
      this.options.onInvalidFrame?.(error as Error);
      return;
    }
    switch (message.messageType) {
      case MessageType.Acknowledge:
        this.handleAcknowledge(message);
        return;
      case MessageType.OutputStreamData:
        this.handleStreamMessage(message, frame.length);
        return;
      default:
        this.options.onControlMessage?.(message);
    }
  }

  /**
   * Resend check, run by the transport every 100 ms (spec §4.2): resend each message whose last send
   * is older than the RTO, and each message that has never gone out. Stops at the first failed write.
   */
  tick(): void {
    const now = this.options.now();
    const rto = this.rto.rtoMs;
    let budget = MAX_RESENDS_PER_TICK;
    for (const entry of this.outgoing.values()) {
      if (budget <= 0 || this.congested()) break;
      if (entry.lastSentAt !== undefined && now - entry.lastSentAt <= rto) continue;
      budget--;
      if (!this.options.write(entry.frame)) break;
      this.markSent(entry, now);
    }
    const oldest = this.outgoing.values().next();
    if (!oldest.done && now - oldest.value.createdAt > this.resendTimeoutMs && !this.resendTimeoutReported) {
      this.resendTimeoutReported = true;
      this.options.onResendTimeout?.();
    }
  }

  /**
   * After a reconnect: everything unacknowledged goes out again now, in order (spec §8), as far as
   * the new transport takes it; the rest follows from `transportDrained`.
   */
  resendAll(): void {
    for (const entry of this.outgoing.values()) entry.lastSentAt = undefined;
    this.transportDrained();
  }

  /**
   * The transport's queue has emptied: send the messages waiting for their first (or next) write, in
   * order, while it stays below the backlog limit, then wake writers if there is room again.
   */
  transportDrained(): void {
    const now = this.options.now();
    for (const entry of this.outgoing.values()) {
      if (this.congested()) return;
      if (entry.lastSentAt !== undefined) continue;
      if (!this.options.write(entry.frame)) return;
      this.markSent(entry, now);
    }
    if (this.backpressured && this.writable) {
      this.backpressured = false;
      this.options.onDrain?.();
    }
  }

  private markSent(entry: OutgoingEntry, now: number): void {
    if (entry.firstSentAt === undefined) entry.firstSentAt = now;
    else {
      this.stats.resends++;
      entry.resent = true;
    }
    entry.lastSentAt = now;
  }

  private congested(): boolean {
    return (this.options.backlog?.() ?? 0) > WRITE_BACKLOG_LIMIT;
  }

  /** The session became ready (or its consumer drained): deliver what is waiting, in order. */
  resumeDelivery(): void {
    this.deliverInOrder();
  }

  private handleAcknowledge(message: ClientMessage): void {
    let sequenceNumber: number;
    try {
      sequenceNumber = parseAcknowledge(message.payload).acknowledgedMessageSequenceNumber;
    } catch (error) {
      this.stats.invalidFrames++;
      this.options.onInvalidFrame?.(error as Error);
      return;
    }
    // Acks are selective, not cumulative; unknown sequence numbers are ignored (spec §4.1).
    const entry = this.outgoing.get(sequenceNumber);
    if (!entry) return;
    // Karn's rule: the Go client samples resent messages from their first send, which drives the RTO
    // to its 1 s cap whenever the agent refuses input as not ready (e.g. a basic-mode re-dial).
    if (!entry.resent && entry.firstSentAt !== undefined) {
      this.rto.addSample(this.options.now() - entry.firstSentAt);
    }
    this.outgoing.delete(sequenceNumber);
    this.outgoingBytes -= entry.frame.length;
    if (this.backpressured && this.hasOutgoingRoomAgain()) {
      this.backpressured = false;
      this.options.onDrain?.();
    }
    if (this.outgoing.size === 0) {
      this.resendTimeoutReported = false;
      this.options.onAllAcknowledged?.();
    }
  }

  /** Half the window free again (both bounds), so writers are not woken for every single ack. */
  private hasOutgoingRoomAgain(): boolean {
    return (
      this.outgoing.size <= this.outgoingCapacity / 2 &&
      this.outgoingBytes <= this.outgoingByteLimit / 2 &&
      !this.congested()
    );
  }

  /** Delivery is held by the consumer: a pending promise, 'not-ready', or a failed handler. */
  private deliveryHeld(): boolean {
    return this.deliveryPending || this.waitingUntilReady || this.stalled;
  }

  /** Acks cannot go out: the transport already queues more than ACK_BACKLOG_LIMIT bytes. */
  private cannotAcknowledge(): boolean {
    return (this.options.backlog?.() ?? 0) > ACK_BACKLOG_LIMIT;
  }

  private handleStreamMessage(message: ClientMessage, bytes: number): void {
    const sequenceNumber = message.sequenceNumber;
    const expected = this.expectedIncomingSequence;
    if (sequenceNumber < expected) {
      this.stats.duplicatesReceived++;
      if (!this.cannotAcknowledge()) this.acknowledge(message);
      return;
    }
    const held = this.incoming.get(sequenceNumber);
    if (held) {
      this.stats.duplicatesReceived++;
      // A held message that was never acked is one the session was not ready for: stay silent so the
      // agent keeps it too (as Go does by not acking it).
      if (held.acked && !this.cannotAcknowledge()) this.acknowledge(message);
      return;
    }
    if (sequenceNumber > expected) {
      // Beyond the bounds: refused unacknowledged; a correct peer resends it later.
      if (
        this.incoming.size >= this.incomingCapacity ||
        this.incomingBytes + bytes > this.incomingByteLimit ||
        (!this.deliveryHeld() && this.cannotAcknowledge())
      ) {
        this.stats.droppedIncoming++;
        return;
      }
      this.stats.outOfOrderReceived++;
      if (this.deliveryHeld()) {
        // The consumer is not taking messages: keep this one but leave it unacknowledged, so the
        // backlog stays with the agent until delivery goes on (flow control, see the class comment).
        this.hold(message, bytes, false);
        this.updateReceivePressure();
        return;
      }
      this.hold(message, bytes, true);
      this.acknowledge(message);
      return;
    }
    // The expected message is always taken, whatever the bounds: it is what lets the others go.
    // Only a transport that cannot take its ack refuses it.
    if (this.cannotAcknowledge() && !HANDSHAKE_TYPES.has(message.payloadType)) {
      this.stats.droppedIncoming++;
      return;
    }
    this.hold(message, bytes, false);
    this.deliverInOrder();
  }

  private hold(message: ClientMessage, bytes: number, acked: boolean): void {
    this.incoming.set(message.sequenceNumber, { message, acked, bytes });
    this.incomingBytes += bytes;
    if (!acked) this.unackedHeld++;
  }

  private release(sequenceNumber: number, entry: IncomingEntry): void {
    this.incoming.delete(sequenceNumber);
    this.incomingBytes -= entry.bytes;
    if (!entry.acked) this.unackedHeld--;
  }

  /** Asks the transport to stop reading while a slow consumer holds RECEIVE_PAUSE_BYTES, and to read again after. */
  private updateReceivePressure(): void {
    const pause =
      this.deliveryPending && this.incomingBytes > (this.options.receivePauseBytes ?? RECEIVE_PAUSE_BYTES);
    if (pause === this.receivePaused_) return;
    this.receivePaused_ = pause;
    this.options.onReceivePressure?.(pause);
  }

  private deliverInOrder(): void {
    // A handler may call resumeDelivery() or receive() from inside deliver (e.g. HandshakeComplete
    // registering the session handler). The running loop already continues with whatever is next, so
    // a nested call must return; re-entering would deliver the current message again, without end.
    if (this.deliveryPending || this.stalled || this.delivering) return;
    this.delivering = true;
    try {
      this.deliverAvailable();
    } finally {
      this.delivering = false;
    }
    if (!this.deliveryHeld()) this.acknowledgeHeld();
    this.updateReceivePressure();
  }

  private deliverAvailable(): void {
    this.waitingUntilReady = false;
    for (;;) {
      const sequenceNumber = this.expectedIncomingSequence;
      const entry = this.incoming.get(sequenceNumber);
      if (!entry) return;
      const message = entry.message;
      const handshake = HANDSHAKE_TYPES.has(message.payloadType);
      // Handshake payloads are acknowledged before they are processed (spec §4.4).
      if (handshake && !entry.acked) {
        this.acknowledge(message);
        entry.acked = true;
        this.unackedHeld--;
      }
      let result: DeliveryResult;
      try {
        result = this.options.deliver(handshake ? message : this.decryptIfNeeded(message));
      } catch (error) {
        this.stall(error as Error, message);
        return;
      }
      if (result === 'not-ready') {
        this.waitingUntilReady = true;
        return;
      }
      if (result !== 'delivered') {
        this.deliveryPending = true;
        result.then(
          () => {
            this.deliveryPending = false;
            this.completeDelivery(entry);
            this.deliverInOrder();
          },
          (error: unknown) => {
            this.deliveryPending = false;
            this.stall(error instanceof Error ? error : new Error(String(error)), message);
          },
        );
        return;
      }
      this.completeDelivery(entry);
    }
  }

  private completeDelivery(entry: IncomingEntry): void {
    if (!entry.acked) {
      this.acknowledge(entry.message);
      entry.acked = true;
      this.unackedHeld--;
    }
    this.release(this.expectedIncomingSequence, entry);
    this.expectedIncomingSequence++;
  }

  /**
   * Delivery goes on but stopped at a gap: the messages kept unacknowledged while it was held are
   * now ordinary out-of-order messages, acknowledged as Go acknowledges those (spec §4.4).
   */
  private acknowledgeHeld(): void {
    if (this.unackedHeld === 0) return;
    for (const entry of this.incoming.values()) {
      if (entry.acked) continue;
      if (this.cannotAcknowledge()) return;
      this.acknowledge(entry.message);
      entry.acked = true;
      this.unackedHeld--;
    }
  }

  /** A handler failure stops the stream at that message, like Go; the owner decides what to do. */
  private stall(error: Error, message: ClientMessage): void {
    this.stalled = true;
    this.options.onDeliveryError?.(error, message);
  }

  private decryptIfNeeded(message: ClientMessage): ClientMessage {
    if (!this.keys || !ENCRYPTED_INCOMING_TYPES.has(message.payloadType)) return message;
    return { ...message, payload: openPayload(this.keys.agentToClient, message.payload) };
  }

  private acknowledge(message: ClientMessage): void {
    this.recentAckSequence[this.recentAckNext] = message.sequenceNumber;
    this.recentAckId[this.recentAckNext] = message.messageId;
    this.recentAckNext = (this.recentAckNext + 1) % RECENT_ACKS_KEPT;
    this.options.write(encodeAcknowledge(message));
  }

  /**
   * After a reconnect: send again the acks of the most recent messages. Acks still queued in the lost
   * socket never arrived, and the agent would otherwise resend each of those messages, front only, one
   * per RTO (spec §4.2), which after a busy socket dies means thousands of 100 ms waits. Acks for
   * messages the agent no longer holds are ignored by it (spec §4.1).
   */
  reacknowledgeRecent(): void {
    for (let i = 0; i < RECENT_ACKS_KEPT; i++) {
      const slot = (this.recentAckNext + i) % RECENT_ACKS_KEPT;
      const messageId = this.recentAckId[slot];
      if (messageId === undefined) continue;
      const frame = encodeAcknowledge({
        messageType: MessageType.OutputStreamData,
        messageId,
        sequenceNumber: this.recentAckSequence[slot] as number,
      });
      if (!this.options.write(frame)) return;
    }
  }
}
