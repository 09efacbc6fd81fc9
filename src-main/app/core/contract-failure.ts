import type { ContractErrorCode } from '../../../src-shared/contract/contract-error.js';

/**
 * The one error type the app core throws for a request it refuses: the contract's codes, plus the
 * core's own for requests that are well-formed but cannot be done now.
 */
export type CoreErrorCode =
  | ContractErrorCode
  /** Input to a tab whose session has ended, or a reconnect of one that has not. */
  | 'not-ended'
  /** A tunnel's local port is taken (the message names the process where the OS tells). */
  | 'port-in-use'
  /** A tunnel's target names no instance, or several. */
  | 'target-not-found'
  | 'target-ambiguous'
  /** An MFA question or SSO sign-in that was cancelled, or is no longer pending. */
  | 'cancelled';

export class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
