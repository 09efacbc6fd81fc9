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
import { DataChannel, type DataChannelState } from '../transport/data-channel.js';
import {
  answerEncryptionChallenge,
  answerHandshakeRequest,
  type GenerateDataKey,
} from './handshake-client.js';
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
  /** SSM ResumeSession → new token ('' or undefined: timed out). */
  resumeSession(): Promise<string | undefined>;
  /** SSM TerminateSession. */
  terminateSession(): Promise<void>;
  agent?: Agent;
  ca?: string | Buffer;
  reconnectBudgetMs?: number;
}

export interface SessionListener {
  /** HandshakeComplete's CustomerMessage, e.g. "This session is encrypted using AWS KMS." */
  onCustomerMessage?(text: string): void;
  onStateChange?(state: DataChannelState, detail?: string): void;
  onDiagnostic?(text: string): void;
}

/**
 * One Session Manager session from the client's side (spec §5, §7, §8): the data channel, the
 * handshake, the choice of session type, and the end. What the session *does* (a shell, a port
 * forward) is the job of the SessionTypeHandler the face registered for that type.
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
  private drainWaiters: Array<() => void> = [];

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
        resumeSession: options.resumeSession,
        agent: options.agent,
        ca: options.ca,
        reconnectBudgetMs: options.reconnectBudgetMs,
      },
      {
        deliver: (message) => this.route(message),
        onChannelClosed: (content) => this.end({ kind: 'closed', output: content?.output ?? '' }),
        onTimedOut: () => this.end({ kind: 'timed-out' }),
        onFailed: (error) => this.end({ kind: 'failed', error }),
        onStateChange: (state, detail) => listener.onStateChange?.(state, detail),
        onDrain: () => this.wakeWriters(),
        onResendTimeout: () => void this.handleResendTimeout(),
        onDiagnostic: (text) => listener.onDiagnostic?.(text),
      },
    );
  }

  /** Opens the data channel. Resolves once connected; the session then runs until `done`. */
  async start(): Promise<void> {
    try {
      await this.channel.open();
    } catch (error) {
      this.end({ kind: 'failed', error: error as Error });
    }
  }

  /** Ends the session from this side (idempotent). */
  end(end: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.channel.close();
    this.wakeWriters();
    const handler = this.handler;
    this.handler = undefined;
    Promise.resolve()
      .then(() => handler?.dispose(end))
      .catch((error: unknown) => this.listener.onDiagnostic?.(`cleanup failed: ${String(error)}`))
      .finally(() => this.resolveDone(end));
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
    if (!this.keys) throw new Error('encryption challenge received before a data key was agreed');
    const answer = answerEncryptionChallenge(message.payload, this.keys);
    this.channel.sendStream(PayloadType.EncChallengeResponse, encryptionChallengePayload(answer));
    return 'delivered';
  }

  private handleHandshakeComplete(message: ClientMessage): DeliveryResult {
    const complete = parseHandshakeComplete(message.payload);
    if (complete.customerMessage) this.listener.onCustomerMessage?.(complete.customerMessage);
    if (this.sessionType !== 'Standard_Stream' && this.sessionType !== 'Port') {
      this.end({ kind: 'failed', error: new Error('unable to determine SessionType') });
      return 'delivered';
    }
    this.activate(this.sessionType);
    return 'delivered';
  }

  private activate(type: SessionTypeName): void {
    const factory = this.options.sessionTypes[type];
    if (!factory) {
      this.end({ kind: 'failed', error: new Error(`session type ${type} is not supported here`) });
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
          this.channel.reliable.resumeDelivery();
        },
        (error: unknown) => {
          this.activating = false;
          this.end({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
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

  private async acknowledged(timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!this.ended && this.channel.reliable.unacknowledged > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private wakeWriters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  /** No ack for ≈5 minutes: call TerminateSession once, as the Go client does (spec §4.2, §8). */
  private async handleResendTimeout(): Promise<void> {
    try {
      await this.options.terminateSession();
    } catch (error) {
      this.listener.onDiagnostic?.(`TerminateSession failed: ${(error as Error).message}`);
    }
    this.end({
      kind: 'failed',
      error: new Error('the agent stopped acknowledging messages; the session was terminated'),
    });
  }
}
