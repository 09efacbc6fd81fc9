/**
 * The one error type the transport layer throws or reports. Callers (sessions, faces) switch on
 * `code`, never on message text; the message is one line for logs and the faces' details.
 */
export type TransportErrorCode =
  /** The stream URL cannot be dialled at all (not a ws:// or wss:// URL). */
  | 'invalid-url'
  /** The TCP or TLS connection (or the proxy's CONNECT) failed. */
  | 'dial-failed'
  /** The server answered the websocket upgrade with an HTTP status instead (e.g. 403). */
  | 'unexpected-response'
  /** The websocket opening handshake did not finish in time (45 s, as gorilla's DefaultDialer). */
  | 'handshake-timeout'
  /** An open connection ended (socket error or close), not by our own close(). */
  | 'connection-lost'
  /** The first connection could not be made, after the Go client's retries. */
  | 'open-failed'
  /** SSM ResumeSession failed (the cause is the callback's error). */
  | 'resume-failed'
  /** The channel stayed lost until its reconnect deadline passed. */
  | 'reconnect-gave-up'
  /** The caller's AbortSignal fired, or the channel was closed while this was under way. */
  | 'aborted';

/**
 * The data channel's error: the websocket could not be dialled, was refused, broke or could not be
 * resumed. Met as a SessionError's `cause` or a DataChannelStateEvent's `error`; switch on `code`.
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
