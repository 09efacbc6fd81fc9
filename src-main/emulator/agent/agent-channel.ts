import {
  decodeClientMessage,
  encodeClientMessage,
  type ClientMessage,
} from '../../protocol/codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from '../../protocol/codec/message-type.js';
import { newUuid } from '../../protocol/codec/wire-uuid.js';
import { AgentRto } from './agent-rto.js';

/**
 * Thrown by a stream handler that cannot take the message yet (the agent's ErrHandlerNotReady): the
 * message is neither acknowledged nor counted, so the client has to resend it (spec §4.4, §10).
 */
export class HandlerNotReadyError extends Error {
  constructor() {
    super('message handler is not ready, rejecting incoming packet');
  }
}

/** The agent's buffer sizes (spec §4.2, §4.4). */
const OUTGOING_CAPACITY = 100_000;
const INCOMING_CAPACITY = 100_000;
const RESEND_INTERVAL_MS = 100;
/** Limits of the `every-expired` test accelerator. */
const ACCELERATED_RESENDS_PER_TICK = 256;
const ACCELERATED_BACKLOG_LIMIT = 1024 * 1024;

interface OutgoingEntry {
  frame: Buffer;
  lastSentAt: number;
}

export interface AgentChannelOptions {
  /** Writes one binary frame towards the service (the relay). */
  write(frame: Buffer): void;
  /** Processes an in-order input_stream_data message; throw HandlerNotReadyError to refuse it. */
  onStreamMessage(message: ClientMessage): void;
  /** Reports frames the agent could not parse, which it logs and drops. */
  onDiagnostic?(text: string): void;
  now?: () => number;
  /** `real`: only the front message, as the agent does; `every-expired`: a test accelerator (model.ts). */
  resend?: 'real' | 'every-expired';
  /** Bytes the service link has queued but not sent; the accelerator waits while it is large. */
  backlog?(): number;
}

/**
 * The simulated agent's reliability layer, after agent/session/datachannel/datachannel.go and written
 * independently of the client's: it processes before acknowledging, re-acknowledges duplicates, resends
 * only the front of its buffer and at most once per RTO (it writes LastSentTime back, unlike the
 * client), and never gives up. While paused it numbers and buffers but sends nothing.
 */
export class AgentChannel {
  private nextOutgoingSeq = 0;
  private expectedIncomingSeq = 0;
  private readonly outgoing = new Map<number, OutgoingEntry>();
  private readonly incoming = new Map<number, ClientMessage>();
  private readonly rto = new AgentRto();
  private paused = false;
  private closed = false;
  private encrypt: ((payload: Buffer) => Buffer) | undefined;
  private decrypt: ((payload: Buffer) => Buffer) | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: AgentChannelOptions) {
    this.now = options.now ?? Date.now;
    const resend =
      options.resend === 'every-expired' ? () => this.resendEveryExpired() : () => this.resendFront();
    this.timer = setInterval(resend, RESEND_INTERVAL_MS);
    this.timer.unref();
  }

  /** Switches payload encryption on (after the handshake's KMS step, spec §6). */
  enableEncryption(encrypt: (payload: Buffer) => Buffer, decrypt: (payload: Buffer) => Buffer): void {
    this.encrypt = encrypt;
    this.decrypt = decrypt;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** True while stream messages still wait for their acknowledgement. */
  get hasUnacknowledged(): boolean {
    return this.outgoing.size > 0;
  }

  /** Retries buffered in-order messages that a handler refused while it was not ready. */
  resumeDelivery(): void {
    if (!this.closed) this.drainIncoming();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Sends one output_stream_data message; empty payloads are skipped as the agent does. */
  sendStream(payloadType: number, payload: Buffer): void {
    if (this.closed || payload.length === 0) return;
    const encrypted =
      this.encrypt &&
      (payloadType === PayloadType.Output ||
        payloadType === PayloadType.StdErr ||
        payloadType === PayloadType.ExitCode);
    const body = encrypted && this.encrypt ? this.encrypt(payload) : payload;
    const sequenceNumber = this.nextOutgoingSeq++;
    const frame = encodeClientMessage({
      messageType: MessageType.OutputStreamData,
      sequenceNumber,
      payloadType,
      payload: body,
      flags: sequenceNumber === 0 ? HeaderFlags.Syn : HeaderFlags.None,
    });
    const now = this.now();
    if (this.paused) {
      // Buffered unsent: the resend loop delivers it once publication starts again.
      this.buffer(sequenceNumber, { frame, lastSentAt: 0 });
      return;
    }
    this.options.write(frame);
    this.buffer(sequenceNumber, { frame, lastSentAt: now });
  }

  /** agent_session_state (seq 0, flags 3): meant for the service, which does not pass it on. */
  sendSessionState(state: 'Connected' | 'Terminating'): void {
    if (this.closed) return;
    const payload = Buffer.from(JSON.stringify({ SchemaVersion: 1, SessionState: state, SessionId: '' }));
    this.options.write(
      encodeClientMessage({
        messageType: MessageType.AgentSessionState,
        sequenceNumber: 0,
        payloadType: PayloadType.Undefined,
        payload,
        flags: HeaderFlags.SynFin,
      }),
    );
  }

  receive(frame: Buffer): void {
    if (this.closed) return;
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
      // The agent checks only these three fields, never the digest (spec §1).
      if (message.headerLength === 0 || message.messageType === '' || message.createdDate === 0) {
        throw new Error('invalid header');
      }
    } catch (error) {
      this.options.onDiagnostic?.(`agent dropped an unparseable frame: ${(error as Error).message}`);
      return;
    }
    switch (message.messageType) {
      case MessageType.Acknowledge:
        this.paused = false;
        this.onAcknowledge(message);
        return;
      case MessageType.InputStreamData:
        this.paused = false;
        this.onInputStreamData(message);
        return;
      case MessageType.PausePublication:
        this.paused = true;
        return;
      case MessageType.StartPublication:
        this.paused = false;
        return;
      default:
        return;
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
  }

  private buffer(sequenceNumber: number, entry: OutgoingEntry): void {
    // A full agent buffer sends the new message without keeping it (spec §4.2).
    if (this.outgoing.size >= OUTGOING_CAPACITY) return;
    this.outgoing.set(sequenceNumber, entry);
  }

  private onAcknowledge(message: ClientMessage): void {
    let acknowledged: unknown;
    try {
      acknowledged = JSON.parse(message.payload.toString('utf8'));
    } catch {
      this.options.onDiagnostic?.('agent dropped an acknowledge with invalid JSON');
      return;
    }
    const seq =
      typeof acknowledged === 'object' && acknowledged !== null
        ? (acknowledged as Record<string, unknown>).AcknowledgedMessageSequenceNumber
        : undefined;
    if (typeof seq !== 'number') return;
    const entry = this.outgoing.get(seq);
    if (!entry) return;
    if (entry.lastSentAt > 0) this.rto.sample(this.now() - entry.lastSentAt);
    this.outgoing.delete(seq);
  }

  private onInputStreamData(message: ClientMessage): void {
    const seq = message.sequenceNumber;
    if (seq < this.expectedIncomingSeq) {
      // Unlike the client, the agent re-acknowledges duplicates (spec §4.4).
      this.acknowledge(message);
      return;
    }
    if (seq > this.expectedIncomingSeq) {
      if (this.incoming.size >= INCOMING_CAPACITY) return;
      this.acknowledge(message);
      this.incoming.set(seq, message);
      return;
    }
    if (!this.process(message)) return;
    this.acknowledge(message);
    this.expectedIncomingSeq++;
    this.drainIncoming();
  }

  private drainIncoming(): void {
    for (;;) {
      const next = this.incoming.get(this.expectedIncomingSeq);
      if (!next) return;
      try {
        this.deliver(next);
      } catch (error) {
        if (error instanceof HandlerNotReadyError) return;
        this.options.onDiagnostic?.(`agent failed to process buffered message: ${(error as Error).message}`);
      }
      this.incoming.delete(this.expectedIncomingSeq);
      this.expectedIncomingSeq++;
    }
  }

  /** Runs the handler; false means "not acknowledged" (not ready, or any other processing error). */
  private process(message: ClientMessage): boolean {
    try {
      this.deliver(message);
      return true;
    } catch (error) {
      if (!(error instanceof HandlerNotReadyError)) {
        this.options.onDiagnostic?.(`agent failed to process message: ${(error as Error).message}`);
      }
      return false;
    }
  }

  private deliver(message: ClientMessage): void {
    if (this.decrypt && message.payloadType === PayloadType.Output) {
      this.options.onStreamMessage({ ...message, payload: this.decrypt(message.payload) });
      return;
    }
    this.options.onStreamMessage(message);
  }

  private acknowledge(message: ClientMessage): void {
    const payload = Buffer.from(
      JSON.stringify({
        AcknowledgedMessageType: message.messageType,
        AcknowledgedMessageId: message.messageId,
        AcknowledgedMessageSequenceNumber: message.sequenceNumber,
        IsSequentialMessage: true,
      }),
    );
    this.options.write(
      encodeClientMessage({
        messageType: MessageType.Acknowledge,
        sequenceNumber: 0,
        payloadType: PayloadType.Undefined,
        payload,
        flags: HeaderFlags.SynFin,
        messageId: newUuid(),
      }),
    );
  }

  private resendFront(): void {
    if (this.paused || this.closed) return;
    const first = this.outgoing.entries().next();
    if (first.done) return;
    const [, entry] = first.value;
    const now = this.now();
    if (now - entry.lastSentAt <= this.rto.timeoutMs) return;
    this.options.write(entry.frame);
    entry.lastSentAt = now;
  }

  /**
   * The accelerator still behaves like a sender on a blocking socket: nothing while the link is backed
   * up (the real agent's websocket write would block), and a bounded number per tick.
   */
  private resendEveryExpired(): void {
    if (this.paused || this.closed) return;
    if ((this.options.backlog?.() ?? 0) > ACCELERATED_BACKLOG_LIMIT) return;
    const now = this.now();
    let budget = ACCELERATED_RESENDS_PER_TICK;
    for (const entry of this.outgoing.values()) {
      if (budget <= 0) return;
      if (now - entry.lastSentAt <= this.rto.timeoutMs) continue;
      budget--;
      this.options.write(entry.frame);
      entry.lastSentAt = now;
    }
  }
}
