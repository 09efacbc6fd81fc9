import type { Agent } from 'node:http';
import type { ClientMessage } from '../protocol/codec/client-message.js';
import { PayloadType } from '../protocol/codec/message-type.js';
import {
  handshakeResponsePayload,
  parseHandshakeComplete,
  parseHandshakeRequest,
} from '../protocol/handshake.js';
import type { DirectionalKeys } from '../protocol/codec/payload-cipher.js';
import { encryptionChallengePayload } from '../protocol/handshake.js';
import type { DeliveryResult } from '../protocol/reliable-channel.js';
import {
  DataChannel,
  type DataChannelOptions,
  type DataChannelState,
  type DataChannelStateEvent,
} from '../transport/data-channel.js';
import {
  answerEncryptionChallenge,
  answerHandshakeRequest,
  type GenerateDataKey,
} from './handshake-client.js';
import { SessionError } from './session-error.js';
import type {
  SessionEnd,
  SessionTypeContext,
  SessionTypeHandler,
  SessionTypeName,
  SessionTypeRegistry,
} from './session-type.js';

/** StartSession's answer: what a session needs to open its data channel. */
export interface SessionStart {
  sessionId: string;
  tokenValue: string;
  streamUrl: string;
}

export interface SessionOptions {
  start: SessionStart;
  /** The Target the session was started for (KMS encryption context, spec §6). */
  targetId: string;
  clientVersion: string;
  clientId: string;
  /** Handlers for the session types this face supports. */
  sessionTypes: SessionTypeRegistry;
  /** Undefined when KMS encryption cannot be offered (legacy CLI argv form). */
  generateDataKey: GenerateDataKey | undefined;
  /** SSM ResumeSession → new token ('' or undefined: timed out). `signal` fires if the session ends meanwhile. */
  resumeSession(signal?: AbortSignal): Promise<string | undefined>;
  /** SSM TerminateSession. */
  terminateSession(): Promise<void>;
  agent?: Agent;
  ca?: string | Buffer;
  reconnectBudgetMs?: number;
  /** What a paused consumer may hold before the websocket stops being read (DataChannelOptions). */
  receivePauseBytes?: number;
  /** Test hooks passed to the DataChannel (see DataChannelOptions). */
  channel?: Pick<DataChannelOptions, 'connect' | 'random' | 'stableConnectionMs'>;
}

/** Messages and bytes a session holds: incoming (out of order or waiting for the consumer), outgoing (unacknowledged). */
export interface SessionBuffers {
  incomingMessages: number;
  incomingBytes: number;
  /** Held incoming messages not acknowledged yet: while the consumer is paused, the backlog stays with the agent. */
  incomingUnacknowledged: number;
  outgoingMessages: number;
  outgoingBytes: number;
  /** Reading the websocket is paused because the consumer is slow (TCP backpressure to the agent). */
  readingPaused: boolean;
}

export interface SessionListener {
  /** HandshakeComplete's CustomerMessage, e.g. "This session is encrypted using AWS KMS." */
  onCustomerMessage?(text: string): void;
  /** The agent completed a KMS-encrypted handshake: `encrypted` is now true (a lock on the tab). */
  onEncrypted?(): void;
  /** Data-channel state changes; `event` has the structured detail (reason code, attempt, delays). */
  onStateChange?(state: DataChannelState, detail?: string, event?: DataChannelStateEvent): void;
  onDiagnostic?(text: string): void;
}

/**
 * One Session Manager session from the client's side (spec §5, §7, §8): the data channel, the
 * handshake, the choice of session type, and the end. What the session *does* (a shell, a port
 * forward) is the job of the SessionTypeHandler the face registered for that type.
 *
 * Every failure it originates ends the session with a SessionError (`end.error.code`), with what
 * came from below (TransportError, ProtocolError, a handler's error) as its cause. Only an end a face
 * passes to end() itself carries whatever error the face chose.
 */
export class Session {
  readonly sessionId: string;
  readonly done: Promise<SessionEnd>;
  private resolveDone!: (end: SessionEnd) => void;
  private readonly channel: DataChannel;
  private handler: SessionTypeHandler | undefined;
  private activating = false;
  private ended = false;
  private handshakeSeen = false;
  private agentVersion = '';
  private sessionType: string | undefined;
  private sessionProperties: unknown = null;
  private keys: DirectionalKeys | undefined;
  private isEncrypted = false;
  private drainWaiters: Array<() => void> = [];
  private acknowledgedWaiters: Array<() => void> = [];
  /** Set while a start() signal may still abort the session (until the handler is active). */
  private abortStart: (() => void) | undefined;

  constructor(
    private readonly options: SessionOptions,
    private readonly listener: SessionListener = {},
  ) {
    this.sessionId = options.start.sessionId;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.channel = new DataChannel(
      {
        streamUrl: options.start.streamUrl,
        tokenValue: options.start.tokenValue,
        clientId: options.clientId,
        clientVersion: options.clientVersion,
        resumeSession: (signal) => options.resumeSession(signal),
        agent: options.agent,
        ca: options.ca,
        reconnectBudgetMs: options.reconnectBudgetMs,
        ...(options.receivePauseBytes !== undefined ? { receivePauseBytes: options.receivePauseBytes } : {}),
        ...options.channel,
      },
      {
        deliver: (message) => this.route(message),
        onChannelClosed: (content) => this.end({ kind: 'closed', output: content.output }),
        onTimedOut: () => this.end({ kind: 'timed-out' }),
        onFailed: (error) =>
          this.end({
            kind: 'failed',
            error: new SessionError('connection-lost', `the data channel was lost: ${error.message}`, {
              cause: error,
            }),
          }),
        onDeliveryError: (error, message) =>
          this.end({ kind: 'failed', error: deliveryError(error, message) }),
        onStateChange: (state, detail, event) => listener.onStateChange?.(state, detail, event),
        onDrain: () => this.wakeWriters(),
        onAllAcknowledged: () => this.wakeAcknowledgedWaiters(),
        onResendTimeout: () => void this.handleResendTimeout(),
        onDiagnostic: (text) => listener.onDiagnostic?.(text),
      },
    );
  }

  /**
   * Opens the data channel. Resolves once connected; the session then runs until `done`. A failure to
   * connect ends the session ('connect-failed') rather than rejecting. `signal` may abort the start
   * until the session type's handler is running (handshake included): the session then ends with
   * SessionError 'aborted', and start() rejects with it if it has not resolved yet.
   */
  async start(signal?: AbortSignal): Promise<void> {
    if (signal) {
      const onAbort = (): void => this.end({ kind: 'failed', error: abortedError() });
      this.abortStart = () => signal.removeEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
    try {
      await this.channel.open(signal);
    } catch (error) {
      if (signal?.aborted) {
        const aborted = abortedError(error);
        this.end({ kind: 'failed', error: aborted });
        throw aborted;
      }
      // Ended meanwhile by its owner (end() closes the channel): that end stands.
      if (this.ended) return;
      this.end({
        kind: 'failed',
        error: new SessionError('connect-failed', (error as Error).message, { cause: error }),
      });
      return;
    }
    if (this.ended && signal?.aborted) throw abortedError();
  }

  /** Ends the session from this side (idempotent). No timer of the session survives it. */
  end(end: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.stopAbortWatch();
    this.channel.close();
    this.wakeWriters();
    this.wakeAcknowledgedWaiters();
    const handler = this.handler;
    this.handler = undefined;
    Promise.resolve()
      .then(() => handler?.dispose(end))
      .catch((error: unknown) => this.listener.onDiagnostic?.(`cleanup failed: ${String(error)}`))
      .finally(() => this.resolveDone(end));
  }

  /** True once the agent has completed a KMS-encrypted handshake (spec §6). */
  get encrypted(): boolean {
    return this.isEncrypted;
  }

  /** The data channel's current state. */
  get connectionState(): DataChannelState {
    return this.channel.state;
  }

  /** What the session holds in memory now (see "Memory bounds" in docs/architecture.md). */
  get buffered(): SessionBuffers {
    const reliable = this.channel.reliable;
    return {
      incomingMessages: reliable.heldIncoming,
      incomingBytes: reliable.heldIncomingBytes,
      incomingUnacknowledged: reliable.heldUnacknowledged,
      outgoingMessages: reliable.unacknowledged,
      outgoingBytes: reliable.unacknowledgedBytes,
      readingPaused: reliable.receivePaused,
    };
  }

  /** Statistics of the reliability layer, for status lines and tests. */
  get stats(): DataChannel['reliable']['stats'] {
    return this.channel.reliable.stats;
  }

  /** Test hook: drop the websocket as a network failure would. */
  dropConnectionForTesting(): void {
    this.channel.dropConnectionForTesting();
  }

  private route(message: ClientMessage): DeliveryResult {
    switch (message.payloadType) {
      case PayloadType.HandshakeRequest:
        this.handshakeSeen = true;
        return this.handleHandshakeRequest(message);
      case PayloadType.EncChallengeRequest:
        return this.handleEncryptionChallenge(message);
      case PayloadType.HandshakeComplete:
        return this.handleHandshakeComplete(message);
    }
    if (this.handler) return this.handler.deliver(message);
    if (this.activating || this.ended) return 'not-ready';
    // No handshake: the first in-order Output message decides the type (spec §7.1). The message
    // stays unacknowledged until the handler exists, then is delivered to it.
    if (!this.handshakeSeen && message.payloadType === PayloadType.Output) {
      this.activate('Standard_Stream');
    }
    return 'not-ready';
  }

  private async handleHandshakeRequest(message: ClientMessage): Promise<void> {
    const request = parseHandshakeRequest(message.payload);
    const outcome = await answerHandshakeRequest(request, {
      clientVersion: this.options.clientVersion,
      sessionId: this.sessionId,
      targetId: this.options.targetId,
      generateDataKey: this.options.generateDataKey,
    });
    this.agentVersion = outcome.agentVersion;
    this.sessionType = outcome.sessionType;
    this.sessionProperties = outcome.sessionProperties;
    this.channel.sendStream(PayloadType.HandshakeResponse, handshakeResponsePayload(outcome.response));
    if (outcome.keys) {
      // Only after the response: it and the challenge answer travel unencrypted (spec §6).
      this.keys = outcome.keys;
      this.channel.reliable.enableEncryption(outcome.keys);
    }
  }

  private handleEncryptionChallenge(message: ClientMessage): DeliveryResult {
    if (!this.keys) {
      throw new SessionError(
        'handshake-failed',
        'encryption challenge received before a data key was agreed',
      );
    }
    const answer = answerEncryptionChallenge(message.payload, this.keys);
    this.channel.sendStream(PayloadType.EncChallengeResponse, encryptionChallengePayload(answer));
    return 'delivered';
  }

  private handleHandshakeComplete(message: ClientMessage): DeliveryResult {
    const complete = parseHandshakeComplete(message.payload);
    if (this.keys && !this.isEncrypted) {
      this.isEncrypted = true;
      this.listener.onEncrypted?.();
    }
    if (complete.customerMessage) this.listener.onCustomerMessage?.(complete.customerMessage);
    if (this.sessionType !== 'Standard_Stream' && this.sessionType !== 'Port') {
      this.end({
        kind: 'failed',
        error: new SessionError('unknown-session-type', 'unable to determine SessionType'),
      });
      return 'delivered';
    }
    this.activate(this.sessionType);
    return 'delivered';
  }

  private activate(type: SessionTypeName): void {
    const factory = this.options.sessionTypes[type];
    if (!factory) {
      this.end({
        kind: 'failed',
        error: new SessionError('unsupported-session-type', `session type ${type} is not supported here`),
      });
      return;
    }
    this.activating = true;
    Promise.resolve()
      .then(() => factory(this.typeContext()))
      .then(
        (handler) => {
          this.activating = false;
          if (this.ended) {
            void handler.dispose({ kind: 'local', reason: 'session ended while starting' });
            return;
          }
          this.handler = handler;
          // Started: a start() signal no longer applies.
          this.stopAbortWatch();
          this.channel.reliable.resumeDelivery();
        },
        (error: unknown) => {
          this.activating = false;
          this.end({
            kind: 'failed',
            error:
              error instanceof SessionError
                ? error
                : new SessionError(
                    'session-type-failed',
                    `the ${type} session could not start: ${errorText(error)}`,
                    {
                      cause: error,
                    },
                  ),
          });
        },
      );
  }

  private typeContext(): SessionTypeContext {
    return {
      sessionId: this.sessionId,
      targetId: this.options.targetId,
      agentVersion: this.agentVersion,
      properties: this.sessionProperties,
      send: (payloadType, payload) => (this.ended ? false : this.channel.sendStream(payloadType, payload)),
      writable: () =>
        this.ended || this.channel.reliable.writable
          ? Promise.resolve()
          : new Promise<void>((resolve) => this.drainWaiters.push(resolve)),
      acknowledged: (timeoutMs) => this.acknowledged(timeoutMs),
      resumeDelivery: () => this.channel.reliable.resumeDelivery(),
      end: (end) => this.end(end),
      terminateSession: () => this.options.terminateSession(),
      diagnostic: (text) => this.listener.onDiagnostic?.(text),
    };
  }

  /** Resolves when the agent has acknowledged everything sent so far, the session ends, or after timeoutMs. */
  private acknowledged(timeoutMs: number): Promise<void> {
    if (this.ended || this.channel.reliable.unacknowledged === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        const index = this.acknowledgedWaiters.indexOf(done);
        if (index >= 0) this.acknowledgedWaiters.splice(index, 1);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.acknowledgedWaiters.push(done);
    });
  }

  private wakeAcknowledgedWaiters(): void {
    for (const wake of this.acknowledgedWaiters.slice()) wake();
  }

  private wakeWriters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  private stopAbortWatch(): void {
    this.abortStart?.();
    this.abortStart = undefined;
  }

  /** No ack for ≈5 minutes: call TerminateSession once, as the Go client does (spec §4.2, §8). */
  private async handleResendTimeout(): Promise<void> {
    try {
      await this.options.terminateSession();
    } catch (error) {
      this.listener.onDiagnostic?.(`TerminateSession failed: ${errorText(error)}`);
    }
    this.end({
      kind: 'failed',
      error: new SessionError(
        'resend-timeout',
        'the agent stopped acknowledging messages; the session was terminated',
      ),
    });
  }
}

function abortedError(cause?: unknown): SessionError {
  return new SessionError('aborted', 'starting the session was aborted', cause ? { cause } : undefined);
}

/** What stopped the stream: a failed handshake step, or any other message the handler could not take. */
function deliveryError(error: Error, message: ClientMessage): Error {
  if (error instanceof SessionError) return error;
  const handshake =
    message.payloadType === PayloadType.HandshakeRequest ||
    message.payloadType === PayloadType.HandshakeComplete ||
    message.payloadType === PayloadType.EncChallengeRequest;
  if (handshake)
    return new SessionError('handshake-failed', `handshake failed: ${error.message}`, { cause: error });
  return new SessionError(
    'delivery-failed',
    `a message from the agent could not be handled: ${error.message}`,
    {
      cause: error,
    },
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
