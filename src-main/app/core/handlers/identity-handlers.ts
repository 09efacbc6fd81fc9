import type { CoreServices } from '../core-services.js';
import type { RequestHandlers } from '../dispatch.js';
import { ContractFailure } from '../contract-failure.js';

type IdentityHandlers = Pick<
  RequestHandlers,
  'profiles.identity' | 'sso.login' | 'sso.cancel' | 'mfa.answer' | 'mfa.cancel' | 'databases.list'
>;

/** Who each profile is, IAM Identity Center sign-in, MFA answers and the RDS databases. */
export function identityHandlers(core: CoreServices): IdentityHandlers {
  const pending = (): never => {
    throw new ContractFailure('internal', 'not built yet');
  };
  return {
    'profiles.identity': pending,
    'sso.login': pending,
    'sso.cancel': pending,
    'mfa.answer': ({ requestId, code }) => {
      core.mfa.answer(requestId, code);
      return {};
    },
    'mfa.cancel': ({ requestId }) => {
      core.mfa.cancel(requestId);
      return {};
    },
    'databases.list': pending,
  };
}
