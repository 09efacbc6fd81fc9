import type { Agent } from 'node:http';
import { MessageType } from '../protocol/codec/message-type.js';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import { parseChannelClosed, type ChannelClosed } from '../protocol/channel-closed.js';
import { ReliableChannel, type DeliveryResult } from '../protocol/reliable-channel.js';
import { openDataChannelFrame } from './open-data-channel.js';
import { reconnectDelays, sleep } from './retry-delays.js';
import { WebSocketLink } from './websocket-link.js';

export type DataChannelState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface DataChannelOptions {
  /** StartSession's StreamUrl, used verbatim for every connection, reconnects included (spec §8). */
  streamUrl: string;
  tokenValue: string;
  /** One UUID per process (spec §3). */
  clientId: string;
  clientVersion: string;
  /**
   * Calls SSM ResumeSession and returns the new token; an empty or missing token means the service
   * considers the session timed out. Thrown errors are retried with backoff.
   */
  resumeSession(): Promise<string | undefined>;
  agent?: Agent;
  ca?: string | Buffer;
  /** How long to keep trying to get the channel back after a loss before giving up. */
  reconnectBudgetMs?: number;
  /** Test hook: the reliability layer's outgoing buffer size. */
  outgoingCapacity?: number;
}

export interface DataChannelListener {
  /** In-order stream payloads (already decrypted); see ReliableChannel's DeliveryResult. */
  deliver(message: ClientMessage): DeliveryResult;
  onChannelClosed(content: ChannelClosed | undefined): void;
  /** ResumeSession answered without a token: the session is over (spec §8 "timed out"). */
  onTimedOut(): void;
  /** The channel could not be (re)established within the budget, or a delivery handler failed. */
  onFailed(error: Error): void;
  onStateChange?(state: DataChannelState, detail?: string): void;
  onDrain?(): void;
  onResendTimeout?(): void;
  onDiagnostic?(text: string): void;
}

const RESEND_CHECK_INTERVAL_MS = 100;
const INITIAL_CONNECT_RETRIES = 5;
const DEFAULT_RECONNECT_BUDGET_MS = 10 * 60_000;

/**
 * A data channel that survives socket loss: the reliability layer (ReliableChannel) over a
 * WebSocketLink, the 100 ms resend ticker, and resume-and-reconnect (spec §8). Sequence counters,
 * both buffers and the RTO state carry over a reconnect; there is no new handshake.
 */
export class DataChannel {
  readonly reliable: ReliableChannel;
  private link: WebSocketLink | undefined;
  private token: string;
  private currentState: DataChannelState = 'connecting';
  private ticker: NodeJS.Timeout | undefined;
  private recovering = false;
  private readonly delayFor = reconnectDelays();

  constructor(
    private readonly options: DataChannelOptions,
    private readonly listener: DataChannelListener,
  ) {
    this.token = options.tokenValue;
    this.reliable = new ReliableChannel({
      write: (frame) => this.link?.sendBinary(frame) ?? false,
      now: () => performance.now(),
      deliver: (message) => listener.deliver(message),
      onControlMessage: (message) => this.handleControlMessage(message),
      onInvalidFrame: (error) => listener.onDiagnostic?.(`dropped invalid frame: ${error.message}`),
      onDeliveryError: (error) => listener.onFailed(error),
      onDrain: () => listener.onDrain?.(),
      onResendTimeout: () => listener.onResendTimeout?.(),
      backlog: () => this.link?.bufferedAmount ?? 0,
      outgoingCapacity: options.outgoingCapacity,
    });
  }

  get state(): DataChannelState {
    return this.currentState;
  }

  /**
   * Connects, retrying a failed first dial 5 times with the Go client's delays. Unlike Go, which then
   * hangs, a final failure rejects so the caller can report it.
   */
  async open(): Promise<void> {
    this.ticker = setInterval(() => this.reliable.tick(), RESEND_CHECK_INTERVAL_MS);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt <= INITIAL_CONNECT_RETRIES; attempt++) {
      if (this.isClosed()) return;
      if (attempt > 0) await sleep(this.delayFor(attempt - 1));
      try {
        await this.connect(false);
        return;
      } catch (error) {
        lastError = error as Error;
        this.listener.onDiagnostic?.(lastError.message);
      }
    }
    this.close();
    throw lastError ?? new Error('cannot open data channel');
  }

  /** Sends one input_stream_data message; returns false when the caller should wait for onDrain. */
  sendStream(payloadType: number, payload: Uint8Array): boolean {
    return this.reliable.sendStream(payloadType, payload);
  }

  close(): void {
    this.setState('closed');
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.link?.close();
    this.link = undefined;
  }

  /** Test and diagnostics hook: drop the current socket as a network failure would. */
  dropConnectionForTesting(): void {
    const link = this.link;
    this.link = undefined;
    link?.close();
    if (link) void this.recover('connection dropped');
  }

  /** `resumed`: after ResumeSession, when acks may have died with the previous socket. */
  private async connect(resumed: boolean): Promise<void> {
    const link = await WebSocketLink.connect(
      { url: this.options.streamUrl, agent: this.options.agent, ca: this.options.ca },
      {
        onFrame: (frame) => this.reliable.receive(frame),
        onDrain: () => {
          if (this.link === link) this.reliable.transportDrained();
        },
        onLost: (reason) => {
          if (this.link !== link) return;
          this.link = undefined;
          void this.recover(reason);
        },
      },
    );
    if (this.isClosed()) {
      link.close();
      return;
    }
    link.sendText(
      openDataChannelFrame({
        requestId: newUuid(),
        tokenValue: this.token,
        clientId: this.options.clientId,
        clientVersion: this.options.clientVersion,
      }),
    );
    this.link = link;
    this.setState('open');
    // Whatever the peer has not acknowledged goes out again now rather than one RTO later, and so do
    // our latest acks, some of which may have died with the old socket.
    this.reliable.resendAll();
    if (resumed) this.reliable.reacknowledgeRecent();
  }

  /** Socket lost: ResumeSession for a new token, then dial the original URL again (spec §8). */
  private async recover(reason: string): Promise<void> {
    if (this.recovering || this.isClosed()) return;
    this.recovering = true;
    this.setState('reconnecting', reason);
    const deadline = performance.now() + (this.options.reconnectBudgetMs ?? DEFAULT_RECONNECT_BUDGET_MS);
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.isClosed()) return;
        try {
          const token = await this.options.resumeSession();
          if (this.isClosed()) return;
          if (!token) {
            this.close();
            this.listener.onTimedOut();
            return;
          }
          this.token = token;
          await this.connect(true);
          return;
        } catch (error) {
          this.listener.onDiagnostic?.(
            `reconnect attempt ${attempt + 1} failed: ${(error as Error).message}`,
          );
          if (performance.now() > deadline) {
            this.close();
            this.listener.onFailed(
              new Error(`lost the data channel and could not resume it: ${(error as Error).message}`),
            );
            return;
          }
          await sleep(this.delayFor(attempt));
        }
      }
    } finally {
      this.recovering = false;
    }
  }

  private handleControlMessage(message: ClientMessage): void {
    switch (message.messageType) {
      case MessageType.ChannelClosed:
        // Not acknowledged (spec §4.6). A body that fails to parse still ends the session.
        this.listener.onChannelClosed(parseChannelClosed(message.payload));
        return;
      case MessageType.StartPublication:
      case MessageType.PausePublication:
        // The client keeps no pause state (spec §4.5).
        return;
      default:
        this.listener.onDiagnostic?.(`ignored message of type ${JSON.stringify(message.messageType)}`);
    }
  }

  /** A method, not a property test, so the compiler does not narrow the state across awaits. */
  private isClosed(): boolean {
    return this.currentState === 'closed';
  }

  private setState(state: DataChannelState, detail?: string): void {
    const previous: DataChannelState = this.currentState;
    if (previous === 'closed' || (previous === state && state !== 'reconnecting')) return;
    this.currentState = state;
    this.listener.onStateChange?.(state, detail);
  }
}
