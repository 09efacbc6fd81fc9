import type { ContractClient } from '../../../src-shared/contract/contract-client';
import type { MfaRequest } from '../../../src-shared/model/identity';
import { Store } from '../state/store';

/**
 * The MFA codes the core is waiting for, oldest first. A question closes in every view once any
 * view answered or cancelled it (mfa.settled). Codes never pass through here.
 */
export class MfaQueue {
  readonly pending = new Store<readonly MfaRequest[]>([]);

  constructor(client: ContractClient) {
    client.on('mfa.request', (request) =>
      this.pending.update((list) =>
        list.some((r) => r.requestId === request.requestId) ? list : [...list, request],
      ),
    );
    client.on('mfa.settled', ({ requestId }) => this.settle(requestId));
  }

  settle(requestId: string): void {
    this.pending.update((list) => list.filter((r) => r.requestId !== requestId));
  }
}
