import type { ClientMessage } from '../protocol/codec/client-message.js';
import type { DeliveryResult } from '../protocol/reliable-channel.js';

/** How a session ended; faces turn this into texts and exit statuses. */
export type SessionEnd =
  /** channel_closed from the service (spec §4.6); `output` is its Output field. */
  | { kind: 'closed'; output: string }
  /** ResumeSession returned no token (spec §8). */
  | { kind: 'timed-out' }
  /** Local input ended (shell stdin EOF: Go prints "Cannot perform start session: EOF"). */
  | { kind: 'input-ended'; reason: string }
  /** Ended on purpose on this side (Ctrl-C in a port session, an escape sequence, an API call). */
  | { kind: 'local'; reason: string; exitText?: string }
  /**
   * A failure. Everything the engine originates is a SessionError (switch on `error.code`; `cause`
   * holds the TransportError or ProtocolError below it); a face that ends a session itself may pass
   * any Error.
   */
  | { kind: 'failed'; error: Error };

/** What a session-type handler may do with its session. */
export interface SessionTypeContext {
  readonly sessionId: string;
  readonly targetId: string;
  /** From the HandshakeRequest; empty when there was no handshake. */
  readonly agentVersion: string;
  /** The SessionType action's Properties (null for shells). */
  readonly properties: unknown;
  /** Sends one input_stream_data payload. False means: wait for `writable()` before sending more. */
  send(payloadType: number, payload: Uint8Array): boolean;
  /** Resolves when the outgoing window has room again. */
  writable(): Promise<void>;
  /** Resolves once the agent has acknowledged everything sent, or after `timeoutMs`. */
  acknowledged(timeoutMs: number): Promise<void>;
  /** Call when a message answered 'not-ready' can now be taken. */
  resumeDelivery(): void;
  /** Ends the session (idempotent). */
  end(end: SessionEnd): void;
  /** SSM TerminateSession, for the cases where the Go client calls it (spec §7.3, §8). */
  terminateSession(): Promise<void>;
  /** One line of diagnostic text for logs (never secrets). */
  diagnostic(text: string): void;
}

/** The behaviour of one session type (Standard_Stream, Port), chosen by the handshake (spec §7). */
export interface SessionTypeHandler {
  /** In-order stream payloads from the agent, decrypted. */
  deliver(message: ClientMessage): DeliveryResult;
  /** Runs once when the session ends, whatever the cause: restore terminals, close listeners. */
  dispose(end: SessionEnd): void | Promise<void>;
}

export type SessionTypeFactory = (
  context: SessionTypeContext,
) => SessionTypeHandler | Promise<SessionTypeHandler>;

/** Session types the client knows, keyed by the name the handshake stores (spec §5). */
export type SessionTypeName = 'Standard_Stream' | 'Port';
export type SessionTypeRegistry = Partial<Record<SessionTypeName, SessionTypeFactory>>;
