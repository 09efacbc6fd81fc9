import type { DatabaseRecord } from '../../../../src-shared/model/database.js';
import type { ErrorInfo } from '../../../../src-shared/model/error-info.js';
import { callerIdentity } from '../../../client/caller-identity.js';
import { toErrorInfo } from '../../../client/error-info.js';
import { listDatabases } from '../../../client/list-databases.js';
import { ContractFailure } from '../contract-failure.js';
import type { CoreServices } from '../core-services.js';
import type { RequestHandlers } from '../dispatch.js';

type IdentityHandlers = Pick<
  RequestHandlers,
  'profiles.identity' | 'sso.login' | 'sso.cancel' | 'mfa.answer' | 'mfa.cancel' | 'databases.list'
>;

/** Who each profile is, IAM Identity Center sign-in, MFA answers and the RDS databases. */
export function identityHandlers(core: CoreServices): IdentityHandlers {
  return {
    'profiles.identity': async ({ profile }) => {
      const info = core.profiles.get(profile);
      if (!info) throw new ContractFailure('not-found', `no profile ${profile}`);
      const region = core.profiles.defaultRegions(info)[0] ?? 'us-east-1';
      try {
        const identity = await callerIdentity(await core.profiles.contextFor(profile, region));
        return {
          profile,
          account: identity.account,
          arn: identity.arn,
          ...(identity.expiresAt ? { expiresAt: identity.expiresAt.getTime() } : {}),
        };
      } catch (error) {
        // Not a failed call: the answer is why this profile cannot sign in (and what to do).
        return { profile, error: toErrorInfo(error) };
      }
    },
    'sso.login': ({ profile }) => core.sso.start(profile),
    'sso.cancel': ({ loginId }) => {
      core.sso.cancel(loginId);
      return {};
    },
    'mfa.answer': ({ requestId, code }) => {
      core.mfa.answer(requestId, code);
      return {};
    },
    'mfa.cancel': ({ requestId }) => {
      core.mfa.cancel(requestId);
      return {};
    },
    'databases.list': async () => {
      const scopes = core.inventory.scopes();
      const databases: DatabaseRecord[] = [];
      const errors: Array<{ profile: string; region: string; error: ErrorInfo }> = [];
      await Promise.all(
        scopes.map(async ({ profile, region }) => {
          try {
            const result = await listDatabases([await core.profiles.contextFor(profile, region)]);
            // Rows carry the app's profile id (the emulator's, or the config name).
            databases.push(...result.databases.map((db) => ({ ...db, profile })));
            errors.push(...result.errors.map((e) => ({ profile, region, error: e.error })));
          } catch (error) {
            errors.push({ profile, region, error: toErrorInfo(error) });
          }
        }),
      );
      databases.sort((a, b) => a.identifier.localeCompare(b.identifier) || a.region.localeCompare(b.region));
      return { databases, errors };
    },
  };
}
