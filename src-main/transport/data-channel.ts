import type { Agent } from 'node:http';
import { MessageType } from '../protocol/codec/message-type.js';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { newUuid } from '../protocol/codec/wire-uuid.js';
import { parseChannelClosed, type ChannelClosed } from '../protocol/channel-closed.js';
import { ReliableChannel, type DeliveryResult } from '../protocol/reliable-channel.js';
import { openDataChannelFrame } from './open-data-channel.js';
import { reconnectDelays, sleep } from './retry-delays.js';
import { TransportError } from './transport-error.js';
import { WebSocketLink, type Link, type LinkConnector, type WebSocketLinkEvents } from './websocket-link.js';

/**
 * A data channel's connection, as ShellEvents' 'state' and DataChannelStateEvent report it: connecting,
 * open, reconnecting (lost and being resumed) or closed for good.
 */
export type DataChannelState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Why the state changed: a stable code faces map to their own words. */
export type DataChannelStateReason =
  /** open: the first connection is up. */
  | 'connected'
  /** open: ResumeSession and a new connection brought the channel back. */
  | 'resumed'
  /** reconnecting: the connection was lost. */
  | 'connection-lost'
  /** closed: the outage lasted past the reconnect deadline (the session then fails). */
  | 'gave-up'
  /** closed: ResumeSession answered without a token; the service considers the session over. */
  | 'timed-out'
  /** closed: the first connection could not be made. */
  | 'open-failed'
  /** closed: the caller's AbortSignal fired while opening. */
  | 'aborted'
  /** closed: close() by the owner. */
  | 'closed';

/** One state change with what a face needs to say about it in one line. */
export interface DataChannelStateEvent {
  state: DataChannelState;
  reason: DataChannelStateReason;
  /** One line in the engine's words (also passed as the listener's `detail`). */
  message: string;
  /** reconnecting: the number of the next attempt, counted over the whole outage (1 = first). */
  attempt?: number;
  /** reconnecting: how long until that attempt starts, in ms (0 = at once). */
  nextDelayMs?: number;
  /** reconnecting: when the channel gives up if it is not back (epoch ms). */
  deadline?: number;
  /** open after a resume, or closed after giving up: how long the outage has lasted, in ms. */
  outageMs?: number;
  /** closed after giving up: how many attempts were made. */
  attempts?: number;
  /** closed for a failure: the error the listener's onFailed also receives. */
  error?: TransportError;
}

export interface DataChannelOptions {
  /** StartSession's StreamUrl, used verbatim for every connection, reconnects included (spec §8). */
  streamUrl: string;
  tokenValue: string;
  /** One UUID per process (spec §3). */
  clientId: string;
  clientVersion: string;
  /**
   * Calls SSM ResumeSession and returns the new token; an empty or missing token means the service
   * considers the session timed out. Thrown errors are retried with backoff. `signal` fires when the
   * channel is closed meanwhile.
   */
  resumeSession(signal?: AbortSignal): Promise<string | undefined>;
  agent?: Agent;
  ca?: string | Buffer;
  /** How long an outage may last before the channel gives up (default 10 minutes). */
  reconnectBudgetMs?: number;
  /** How long a new connection must stay up to end an outage (default STABLE_CONNECTION_MS). */
  stableConnectionMs?: number;
  /** Source of the Go retryer's jitter (tests pin it). */
  random?: () => number;
  /** Test hook: dials links instead of WebSocketLink.connect. */
  connect?: LinkConnector;
  /** Test hook: the reliability layer's outgoing buffer size. */
  outgoingCapacity?: number;
  /** What a paused consumer may hold before reading stops (ReliableChannelOptions). */
  receivePauseBytes?: number;
}

export interface DataChannelListener {
  /** In-order stream payloads (already decrypted); see ReliableChannel's DeliveryResult. */
  deliver(message: ClientMessage): DeliveryResult;
  /** channel_closed from the service, decoded as Go decodes it (spec §4.6). */
  onChannelClosed(content: ChannelClosed): void;
  /** ResumeSession answered without a token: the session is over (spec §8 "timed out"). */
  onTimedOut(): void;
  /** The channel could not be (re)established: 'open-failed' is thrown by open(); this gets 'reconnect-gave-up'. */
  onFailed(error: TransportError): void;
  /** A delivery handler threw or rejected (or a payload could not be decrypted): the stream stopped there. */
  onDeliveryError(error: Error, message: ClientMessage): void;
  /** `detail` is event.message, kept for listeners written before the structured event. */
  onStateChange?(state: DataChannelState, detail?: string, event?: DataChannelStateEvent): void;
  onDrain?(): void;
  /** Everything sent so far has been acknowledged. */
  onAllAcknowledged?(): void;
  onResendTimeout?(): void;
  onDiagnostic?(text: string): void;
}

const RESEND_CHECK_INTERVAL_MS = 100;
const INITIAL_CONNECT_RETRIES = 5;
const DEFAULT_RECONNECT_BUDGET_MS = 10 * 60_000;
/**
 * A connection that stays open this long ends an outage. One lost sooner (a proxy or an overloaded
 * service that accepts and then drops at once) is the same outage going on: its attempts keep
 * counting, so the delays keep growing, and its deadline stands. Time is the test because it is what
 * the storm lacks; "received data" would not do, as a session may be idle for hours.
 */
export const STABLE_CONNECTION_MS = 10_000;

interface Outage {
  /** performance.now() at the first loss. */
  startedAt: number;
  /** performance.now() after which no attempt starts. */
  deadline: number;
  attempts: number;
}

/**
 * A data channel that survives socket loss: the reliability layer (ReliableChannel) over a Link, the
 * 100 ms resend ticker, and resume-and-reconnect (spec §8). Sequence counters, both buffers and the
 * RTO state carry over a reconnect; there is no new handshake.
 *
 * Deliberate difference from the Go client: Go's retryer starts afresh (attempt 0, no delay) after
 * every successful reconnect, so a link that is accepted and dropped at once makes it call
 * ResumeSession hundreds of times a second for ever. Here an outage ends only when a connection has
 * stayed up STABLE_CONNECTION_MS, and it ends the session once it outlasts the reconnect budget.
 */
export class DataChannel {
  readonly reliable: ReliableChannel;
  private link: Link | undefined;
  private token: string;
  private currentState: DataChannelState = 'connecting';
  private ticker: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private recovering = false;
  private outage: Outage | undefined;
  /** Aborted by close(): ends every sleep, dial and ResumeSession under way. */
  private readonly lifetime = new AbortController();
  private readonly delayFor: (attempt: number) => number;
  private readonly connector: LinkConnector;

  constructor(
    private readonly options: DataChannelOptions,
    private readonly listener: DataChannelListener,
  ) {
    this.token = options.tokenValue;
    this.delayFor = reconnectDelays(options.random);
    this.connector =
      options.connect ??
      ((events, signal) =>
        WebSocketLink.connect(
          { url: options.streamUrl, agent: options.agent, ca: options.ca },
          events,
          signal,
        ));
    this.reliable = new ReliableChannel({
      write: (frame) => this.link?.sendBinary(frame) ?? false,
      now: () => performance.now(),
      deliver: (message) => listener.deliver(message),
      onControlMessage: (message) => this.handleControlMessage(message),
      onInvalidFrame: (error) => listener.onDiagnostic?.(`dropped invalid frame: ${error.message}`),
      onDeliveryError: (error, message) => listener.onDeliveryError(error, message),
      onDrain: () => listener.onDrain?.(),
      onAllAcknowledged: () => listener.onAllAcknowledged?.(),
      onResendTimeout: () => listener.onResendTimeout?.(),
      onReceivePressure: (paused) => this.link?.pauseReading(paused),
      backlog: () => this.link?.bufferedAmount ?? 0,
      outgoingCapacity: options.outgoingCapacity,
      ...(options.receivePauseBytes !== undefined ? { receivePauseBytes: options.receivePauseBytes } : {}),
    });
  }

  get state(): DataChannelState {
    return this.currentState;
  }

  /**
   * Connects, retrying a failed first dial 5 times with the Go client's delays. Unlike Go, which then
   * hangs, a final failure rejects (TransportError 'open-failed', the last dial error as its cause)
   * so the caller can report it. `signal` aborts the opening: the channel closes and open() rejects
   * with 'aborted'.
   */
  async open(signal?: AbortSignal): Promise<void> {
    const onAbort = (): void => this.closeWith('aborted', 'opening was aborted');
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (this.isClosed())
        throw new TransportError('aborted', 'the data channel was closed before it opened');
      this.ticker = setInterval(() => this.reliable.tick(), RESEND_CHECK_INTERVAL_MS);
      let lastError: TransportError | undefined;
      for (let attempt = 0; attempt <= INITIAL_CONNECT_RETRIES; attempt++) {
        try {
          if (attempt > 0) await sleep(this.delayFor(attempt - 1), this.lifetime.signal);
          await this.connect(false);
          return;
        } catch (error) {
          if (this.isClosed()) throw new TransportError('aborted', 'opening was aborted', { cause: error });
          lastError = asTransportError(error);
          this.listener.onDiagnostic?.(lastError.message);
        }
      }
      const failure = new TransportError(
        'open-failed',
        `cannot open the data channel (${INITIAL_CONNECT_RETRIES + 1} attempts): ${lastError?.message ?? 'no attempt made'}`,
        { cause: lastError },
      );
      this.closeWith('open-failed', failure.message, failure);
      throw failure;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Sends one input_stream_data message; returns false when the caller should wait for onDrain. */
  sendStream(payloadType: number, payload: Uint8Array): boolean {
    return this.reliable.sendStream(payloadType, payload);
  }

  /** Closes for good: no timer, sleep or dial of this channel survives it. */
  close(): void {
    this.closeWith('closed', 'closed');
  }

  /** Test and diagnostics hook: drop the current socket as a network failure would. */
  dropConnectionForTesting(): void {
    const link = this.link;
    this.link = undefined;
    link?.close();
    if (link) void this.recover(new TransportError('connection-lost', 'connection dropped'));
  }

  /** `resumed`: after ResumeSession, when acks may have died with the previous socket. */
  private async connect(resumed: boolean, signal: AbortSignal = this.lifetime.signal): Promise<void> {
    const events: WebSocketLinkEvents = {
      onFrame: (frame) => this.reliable.receive(frame),
      onDrain: () => {
        if (this.link === link) this.reliable.transportDrained();
      },
      onLost: (error) => {
        if (this.link !== link) return;
        this.link = undefined;
        void this.recover(error);
      },
    };
    const link: Link = await this.connector(events, signal);
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
    // A slow consumer that paused the old link's reading pauses this one too.
    if (this.reliable.receivePaused) link.pauseReading(true);
    if (resumed) {
      const outage = this.outage;
      this.setState({
        state: 'open',
        reason: 'resumed',
        message: 'reconnected',
        outageMs: outage ? Math.round(performance.now() - outage.startedAt) : undefined,
      });
      // The outage ends only once this connection has stayed up (see STABLE_CONNECTION_MS).
      this.stableTimer = setTimeout(() => {
        this.stableTimer = undefined;
        if (this.link === link) this.outage = undefined;
      }, this.options.stableConnectionMs ?? STABLE_CONNECTION_MS);
      this.stableTimer.unref();
    } else {
      this.setState({ state: 'open', reason: 'connected', message: 'connected' });
    }
    // Whatever the peer has not acknowledged goes out again now rather than one RTO later, and so do
    // our latest acks, some of which may have died with the old socket.
    this.reliable.resendAll();
    if (resumed) this.reliable.reacknowledgeRecent();
  }

  /** Socket lost: ResumeSession for a new token, then dial the original URL again (spec §8). */
  private async recover(lost: TransportError): Promise<void> {
    if (this.recovering || this.isClosed()) return;
    this.recovering = true;
    clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
    const now = performance.now();
    const outage = (this.outage ??= {
      startedAt: now,
      deadline: now + (this.options.reconnectBudgetMs ?? DEFAULT_RECONNECT_BUDGET_MS),
      attempts: 0,
    });
    let loss = lost;
    let lastError: TransportError = lost;
    try {
      // One 'reconnecting' event per loss, not per attempt: faces print one line per state change.
      let announce = true;
      for (;;) {
        if (this.isClosed()) return;
        const remaining = outage.deadline - performance.now();
        if (remaining <= 0) {
          this.giveUp(outage, lastError);
          return;
        }
        // An outage's first attempt starts at once, as Go's does; each later one waits longer.
        const delay = outage.attempts === 0 ? 0 : Math.min(this.delayFor(outage.attempts - 1), remaining);
        if (announce) {
          announce = false;
          this.setState({
            state: 'reconnecting',
            reason: 'connection-lost',
            message: `connection lost (${loss.message}); reconnecting`,
            attempt: outage.attempts + 1,
            nextDelayMs: delay,
            deadline: Math.round(Date.now() + remaining),
            error: loss,
          });
        }
        if (delay > 0) await sleep(delay, this.lifetime.signal);
        outage.attempts++;
        // An attempt may not outlive the deadline: a ResumeSession or a dial that hangs is cut off there.
        const attempt = deadlineSignal(this.lifetime.signal, outage.deadline - performance.now());
        try {
          let token: string | undefined;
          try {
            token = await untilAborted(this.options.resumeSession(attempt.signal), attempt.signal);
          } catch (error) {
            if (this.isClosed()) return;
            lastError = attempt.signal.aborted
              ? new TransportError(
                  'resume-failed',
                  'ResumeSession did not answer before the reconnect deadline',
                )
              : new TransportError('resume-failed', `ResumeSession failed: ${errorText(error)}`, {
                  cause: error,
                });
            this.listener.onDiagnostic?.(`reconnect attempt ${outage.attempts} failed: ${lastError.message}`);
            continue;
          }
          if (this.isClosed()) return;
          if (!token) {
            this.closeWith('timed-out', 'ResumeSession answered without a token: the session timed out');
            this.listener.onTimedOut();
            return;
          }
          this.token = token;
          try {
            await this.connect(true, attempt.signal);
          } catch (error) {
            if (this.isClosed()) return;
            lastError = asTransportError(error);
            this.listener.onDiagnostic?.(`reconnect attempt ${outage.attempts} failed: ${lastError.message}`);
            continue;
          }
        } finally {
          attempt.dispose();
        }
        // A link lost before this point found us still recovering; its loss is this loop's to handle.
        if (this.link) return;
        lastError = new TransportError('connection-lost', 'the new connection was lost at once');
        loss = lastError;
        announce = true;
      }
    } catch (error) {
      // Only a sleep aborted by close() gets here.
      if (!this.isClosed()) throw error;
    } finally {
      this.recovering = false;
    }
  }

  private giveUp(outage: Outage, lastError: TransportError): void {
    const seconds = Math.round((performance.now() - outage.startedAt) / 1000);
    const error = new TransportError(
      'reconnect-gave-up',
      `gave up reconnecting after ${seconds} s and ${outage.attempts} attempts: ${lastError.message}`,
      { cause: lastError },
    );
    this.closeWith('gave-up', error.message, error, {
      outageMs: Math.round(performance.now() - outage.startedAt),
      attempts: outage.attempts,
    });
    this.listener.onFailed(error);
  }

  private handleControlMessage(message: ClientMessage): void {
    switch (message.messageType) {
      case MessageType.ChannelClosed:
        // Not acknowledged (spec §4.6). A body that fails to decode still ends the session.
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

  private closeWith(
    reason: DataChannelStateReason,
    message: string,
    error?: TransportError,
    extra: Pick<DataChannelStateEvent, 'outageMs' | 'attempts'> = {},
  ): void {
    if (this.isClosed()) return;
    clearInterval(this.ticker);
    this.ticker = undefined;
    clearTimeout(this.stableTimer);
    this.stableTimer = undefined;
    this.lifetime.abort();
    this.link?.close();
    this.link = undefined;
    this.setState({ state: 'closed', reason, message, error, ...extra });
  }

  private setState(event: DataChannelStateEvent): void {
    const previous: DataChannelState = this.currentState;
    if (previous === 'closed' || (previous === event.state && event.state !== 'reconnecting')) return;
    this.currentState = event.state;
    this.listener.onStateChange?.(event.state, event.message, event);
  }
}

/** A signal that fires when `parent` does or after `ms`; dispose() clears its timer. */
function deadlineSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, ms));
  // The parent (close()) clears the timer at once, not when the attempt has wound down.
  const abort = (): void => {
    clearTimeout(timer);
    controller.abort();
  };
  parent.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', abort);
    },
  };
}

/** `promise`, or a rejection as soon as `signal` fires (for callbacks that may ignore the signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TransportError('aborted', 'aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new TransportError('aborted', 'aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function asTransportError(error: unknown): TransportError {
  if (error instanceof TransportError) return error;
  return new TransportError('dial-failed', errorText(error), { cause: error });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
