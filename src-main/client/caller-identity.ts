import type { AwsContext } from '../aws/aws-context.js';
import { AwsError } from '../aws/aws-error.js';
import { throwIfAborted } from './client-error.js';

/** Who a context's credentials are (STS GetCallerIdentity), and when they stop working. */
export interface CallerIdentity {
  account: string;
  /** `arn:aws:iam::…:user/…`, `arn:aws:sts::…:assumed-role/<role>/<session>`, … */
  arn: string;
  /** `AIDA…` for a user, `AROA…:<session>` for an assumed role, the account id for root. */
  userId: string;
  /** When temporary credentials (SSO, assumed roles, credential_process) expire; absent for long-term keys. */
  expiresAt?: Date;
}

/**
 * Resolves the context's credentials and asks STS who they are. Credential failures keep the codes
 * the credential chain gives them (`sso-expired` for a missing or expired SSO token,
 * `credentials-missing`, `mfa-required`, …, with the profile named); aborting `signal` rejects with
 * `aborted`.
 */
export async function callerIdentity(
  context: AwsContext,
  options: { signal?: AbortSignal } = {},
): Promise<CallerIdentity> {
  const { signal } = options;
  throwIfAborted(signal);
  const credentials = await context.call(() => context.credentials(), { signal });
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = await context.sts();
  const answer = await context.call((send) => sts.send(new GetCallerIdentityCommand({}), send), {
    signal,
    operation: 'GetCallerIdentity',
  });
  if (!answer.Account || !answer.Arn || !answer.UserId) {
    throw new AwsError('bad-response', 'GetCallerIdentity answered without Account, Arn or UserId');
  }
  return {
    account: answer.Account,
    arn: answer.Arn,
    userId: answer.UserId,
    ...(credentials.expiration ? { expiresAt: credentials.expiration } : {}),
  };
}
