/**
 * The one error type the sessions layer originates. Faces switch on `code` and use their own words;
 * the message is one line in the engine's words, and `cause` keeps what came from below (a
 * TransportError, a ProtocolError, a Node errno error, a callback's error).
 */
export type SessionErrorCode =
  /** The data channel could not be opened (cause: TransportError). */
  | 'connect-failed'
  /** The data channel was lost and could not be resumed before its deadline (cause: TransportError). */
  | 'connection-lost'
  /** The caller's AbortSignal fired while the session was starting. */
  | 'aborted'
  /** A handshake payload could not be read or answered, or came out of order (cause: ProtocolError). */
  | 'handshake-failed'
  /** The handshake named no session type this client knows ("unable to determine SessionType"). */
  | 'unknown-session-type'
  /** The session type is valid but the face registered no handler for it. */
  | 'unsupported-session-type'
  /** The handler for the session type could not start (cause: its error). */
  | 'session-type-failed'
  /** A message from the agent could not be decrypted or handled (cause: the error). */
  | 'delivery-failed'
  /** The agent acknowledged nothing for about five minutes; TerminateSession was called (spec §4.2). */
  | 'resend-timeout'
  /** A port session's local listener could not be opened (cause: the Node error, e.g. EADDRINUSE). */
  | 'listen-failed'
  /** A port session's parameters cannot be used (e.g. a local port number out of range). */
  | 'invalid-port-parameters'
  /** Stream port forwarding (an ssh ProxyCommand) needs standard input and output, and has none. */
  | 'stdio-required'
  /** The smux session inside a mux port session failed (keepalive timeout, protocol error). */
  | 'mux-failed';

/**
 * The error a session fails with (a SessionEnd of kind `failed`, or a start that rejects): switch on
 * `code` (SessionErrorCode). `cause` keeps what came from below, often a TransportError or a ProtocolError.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
