/**
 * The one error type the protocol layer throws. Callers switch on `code`, never on message text, so the
 * wording can follow the Go implementation's messages (which users may search for) without being an API.
 */
export type ProtocolErrorCode =
  // framing (decode)
  | 'frame-too-short'
  | 'header-length-out-of-range'
  | 'sequence-number-out-of-range'
  // validation
  | 'header-length-zero'
  | 'message-type-missing'
  | 'created-date-missing'
  | 'payload-digest-mismatch'
  // encode
  | 'message-type-too-long'
  | 'invalid-message-id'
  // payload content
  | 'invalid-payload'
  | 'wrong-payload-type'
  // encryption
  | 'invalid-key'
  | 'decrypt-failed'
  // smux (port forwarding)
  | 'smux-frame-too-long'
  | 'smux-session-closed';

/**
 * The error of a message that breaks the Session Manager protocol: bad framing, a digest mismatch, an
 * unreadable payload, a key or decryption failure, smux trouble. Usually met as a SessionError's `cause`.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
