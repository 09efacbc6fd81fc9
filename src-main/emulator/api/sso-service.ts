import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SsoAccount } from '../model.js';
import { ApiError } from './aws-errors.js';
import { header } from './aws-request.js';
import type { CallerIdentities } from './caller-identities.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import type { SsoOidc } from './sso-oidc.js';

const ROLE_CREDENTIAL_SECONDS = 3600;

/** The portal's accounts when the config names none: the emulator's own account with two roles. */
export const DEFAULT_SSO_ACCOUNTS: readonly SsoAccount[] = [
  {
    accountId: '123456789012',
    accountName: 'Emulator',
    emailAddress: 'emulator@example.com',
    roles: ['AdministratorAccess', 'ReadOnlyAccess'],
  },
];

export interface SsoPortalDeps {
  identities: CallerIdentities;
  oidc: SsoOidc;
  accounts: () => readonly SsoAccount[];
  /** A locked emulator accepts only access tokens its own OIDC side issued. */
  locked: boolean;
}

function unauthorized(): ApiError {
  return new ApiError('UnauthorizedException', 'Session token not found or invalid', 401);
}

/**
 * The bearer token of a portal request. Tokens the emulator's OIDC side issued are checked for expiry;
 * an unlocked emulator also takes any other token (tests and demos hand-write SSO caches), except one
 * starting with "expired", so tests can provoke the refresh path.
 */
function checkToken(req: IncomingMessage, deps: SsoPortalDeps): string {
  const token = header(req, 'x-amz-sso_bearer_token');
  if (!token) throw unauthorized();
  const state = deps.oidc.tokenState(token);
  if (state === 'expired') throw unauthorized();
  if (state === 'unknown' && (deps.locked || token.startsWith('expired'))) throw unauthorized();
  return token;
}

/** `max_result` 1..100 and `next_token`, as the portal's list operations take them. */
function page<T>(items: readonly T[], url: URL, query: unknown): { items: T[]; nextToken?: string } {
  const maxText = url.searchParams.get('max_result');
  const max = maxText === null ? 100 : Number(maxText);
  if (!Number.isInteger(max) || max < 1 || max > 100) {
    throw new ApiError('InvalidRequestException', 'max_result must be between 1 and 100');
  }
  const offset = decodePageToken(
    url.searchParams.get('next_token') ?? undefined,
    query,
    () => new ApiError('InvalidRequestException', 'Invalid next_token'),
  );
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length
    ? { items: slice, nextToken: encodePageToken(offset + max, query) }
    : { items: slice };
}

/**
 * The SSO portal (service `sso`, REST-JSON), which SDKs call for `sso_*` profiles:
 * GetRoleCredentials, ListAccounts, ListAccountRoles and Logout.
 */
export function ssoPortal(req: IncomingMessage, url: URL, deps: SsoPortalDeps): unknown {
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /federation/credentials':
      return getRoleCredentials(req, url, deps);
    case 'GET /assignment/accounts': {
      const token = checkToken(req, deps);
      const listed = page(deps.accounts(), url, { op: 'ListAccounts', token });
      return {
        accountList: listed.items.map(({ accountId, accountName, emailAddress }) => ({
          accountId,
          accountName,
          emailAddress,
        })),
        ...(listed.nextToken ? { nextToken: listed.nextToken } : {}),
      };
    }
    case 'GET /assignment/roles': {
      const token = checkToken(req, deps);
      const accountId = url.searchParams.get('account_id');
      if (!accountId) throw new ApiError('InvalidRequestException', 'account_id is required');
      const account = deps.accounts().find((item) => item.accountId === accountId);
      if (!account) throw new ApiError('ResourceNotFoundException', `Account ${accountId} not found`, 404);
      const listed = page(account.roles, url, { op: 'ListAccountRoles', token, accountId });
      return {
        roleList: listed.items.map((roleName) => ({ roleName, accountId })),
        ...(listed.nextToken ? { nextToken: listed.nextToken } : {}),
      };
    }
    case 'POST /logout':
      deps.oidc.revoke(checkToken(req, deps));
      return undefined;
    default:
      throw new ApiError('InvalidRequestException', `No SSO portal operation for ${route}`, 404);
  }
}

function getRoleCredentials(req: IncomingMessage, url: URL, deps: SsoPortalDeps): unknown {
  const token = checkToken(req, deps);
  const accountId = url.searchParams.get('account_id');
  const roleName = url.searchParams.get('role_name');
  if (!accountId || !roleName) {
    throw new ApiError('InvalidRequestException', 'account_id and role_name are required', 400);
  }
  if (!/^\d{12}$/.test(accountId))
    throw new ApiError('InvalidRequestException', `Invalid account id ${accountId}`, 400);
  const user = `sso-user-${createHash('sha256').update(token).digest('hex').slice(0, 6)}`;
  const suffix = createHash('sha256').update(roleName).digest('hex').slice(0, 16);
  const credentials = deps.identities.issue(
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
