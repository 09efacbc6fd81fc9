import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './aws-errors.js';
import { header } from './aws-request.js';
import type { CallerIdentities } from './caller-identities.js';

const ROLE_CREDENTIAL_SECONDS = 3600;

/**
 * SSO portal GetRoleCredentials (`GET /federation/credentials`), which SDKs call for `sso_*` profiles.
 * Any bearer token works, except one starting with "expired" so tests can provoke the refresh path.
 */
export function getRoleCredentials(req: IncomingMessage, url: URL, identities: CallerIdentities): unknown {
  const token = header(req, 'x-amz-sso_bearer_token');
  const accountId = url.searchParams.get('account_id');
  const roleName = url.searchParams.get('role_name');
  if (!token) throw new ApiError('UnauthorizedException', 'Session token not found or invalid', 401);
  if (!accountId || !roleName) {
    throw new ApiError('InvalidRequestException', 'account_id and role_name are required', 400);
  }
  if (token.startsWith('expired'))
    throw new ApiError('UnauthorizedException', 'Session token not found or invalid', 401);
  if (!/^\d{12}$/.test(accountId))
    throw new ApiError('InvalidRequestException', `Invalid account id ${accountId}`, 400);
  const user = `sso-user-${createHash('sha256').update(token).digest('hex').slice(0, 6)}`;
  const suffix = createHash('sha256').update(roleName).digest('hex').slice(0, 16);
  const credentials = identities.issue(
    `arn:aws:sts::${accountId}:assumed-role/AWSReservedSSO_${roleName}_${suffix}/${user}`,
    ROLE_CREDENTIAL_SECONDS,
  );
  return {
    roleCredentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.getTime(),
    },
  };
}
