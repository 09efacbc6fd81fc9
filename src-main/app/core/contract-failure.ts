import type { ContractErrorCode } from '../../../src-shared/contract/contract-error.js';

/**
 * The one error type the app core throws for a request it refuses: the contract's codes, plus the
 * core's own for requests that are well-formed but cannot be done now.
 */
export type CoreErrorCode = ContractErrorCode | 'not-ended' | 'emulator-failed';

export class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
  constructor(
    readonly code: CoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
