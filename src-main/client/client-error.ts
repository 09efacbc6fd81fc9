/**
 * The one error type of the client layer (the library the faces share), for failures of its own;
 * errors of the layers below (AwsError, SessionError, TransportError, ProtocolError) pass through
 * unchanged. Callers switch on `code`; toErrorInfo() turns any of them into plain data.
 */
export type ClientErrorCode =
  /** The caller's AbortSignal fired before the operation finished. */
  | 'aborted'
  /** The session ended before it was ready for use (a port forward's handler never came up). */
  | 'session-ended'
  /** A command's session ended because ResumeSession found it gone (spec §8 "timed out"). */
  | 'session-timed-out'
  /** A local listener could not be opened: the address is taken. */
  | 'address-in-use'
  /** A local listener could not be opened for another reason (permissions, a bad address). */
  | 'listen-failed'
  /** A forward spec (`-L`, `-D`) that cannot be parsed. */
  | 'invalid-forward-spec'
  /** The thing was closed before or while it was used. */
  | 'closed';

/**
 * The error of the client layer's own failures (a cancelled operation, a session that ended before it
 * was ready, a local port that cannot be opened, a bad forward spec): switch on `code` (ClientErrorCode).
 * AwsError and the session layer's errors pass through unchanged.
 */
export class ClientError extends Error {
  override readonly name = 'ClientError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A ClientError `aborted` when the signal has fired (the signal's reason as the cause). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
}
