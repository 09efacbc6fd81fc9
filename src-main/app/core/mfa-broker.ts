import { randomUUID } from 'node:crypto';
import type { MfaRequest } from '../../../src-shared/model/identity.js';
import { ContractFailure } from './contract-failure.js';

/** How long a code question waits for an answer before the credential step gives up. */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

interface Pending {
  request: MfaRequest;
  resolve(code: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * MFA codes for assume-role profiles, asked in a dialog: the engine's mfaCodeProvider calls ask(),
 * every view is sent the question, the first answer (or cancel) settles it. Codes are handed to the
 * engine and never stored or logged.
 */
export class MfaBroker {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly hooks: { asked(request: MfaRequest): void; settled(requestId: string): void },
  ) {}

  /** The questions still open (a view that connects late shows them too). */
  open(): MfaRequest[] {
    return [...this.pending.values()].map((p) => p.request);
  }

  ask(profile: string, serial: string): Promise<string> {
    const request: MfaRequest = { requestId: randomUUID(), profile, serial };
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.settle(
            request.requestId,
            new ContractFailure('cancelled', `no MFA code was given for ${profile}`),
          ),
        ANSWER_TIMEOUT_MS,
      );
      this.pending.set(request.requestId, { request, resolve, reject, timer });
      this.hooks.asked(request);
    });
  }

  answer(requestId: string, code: string): void {
    this.settle(requestId, code);
  }

  cancel(requestId: string): void {
    this.settle(requestId, new ContractFailure('cancelled', 'the MFA code was not given'));
  }

  cancelAll(): void {
    for (const id of [...this.pending.keys()]) this.cancel(id);
  }

  private settle(requestId: string, outcome: string | Error): void {
    const pending = this.pending.get(requestId);
    if (!pending) throw new ContractFailure('not-found', 'that MFA question is no longer open');
    this.pending.delete(requestId);
    clearTimeout(pending.timer);
    if (typeof outcome === 'string') pending.resolve(outcome);
    else pending.reject(outcome);
    this.hooks.settled(requestId);
  }
}
