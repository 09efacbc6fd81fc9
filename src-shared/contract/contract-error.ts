import type { ErrorInfo } from '../model/error-info.js';

/**
 * Why the contract itself refused a call, before any handler ran. Engine failures cross with the
 * engine's own codes (ErrorInfo.code); these are the contract's.
 */
export type ContractErrorCode =
  /** Not a request envelope at all (not JSON, wrong shape, too large). */
  | 'bad-message'
  /** No such method in the contract. */
  | 'unknown-method'
  /** The params do not match the method's schema. */
  | 'invalid-params'
  /** The tab, tunnel or run named does not exist (any more). */
  | 'not-found'
  /** The view's connection closed before an answer came. */
  | 'disconnected'
  /** A bug: the handler threw something the engine did not classify. */
  | 'internal';

/** A failed call as the calling side sees it: the code (contract's or engine's) and its message. */
export class ContractCallError extends Error {
  override readonly name = 'ContractCallError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  static from(info: ErrorInfo): ContractCallError {
    return new ContractCallError(info.code, info.message);
  }
}
