import { join } from 'node:path';
import type { AwsCredentialIdentity, Logger } from '@smithy/types';
import { AwsError } from './aws-error.js';
import { classifyAwsError, serviceExceptionName } from './classify-aws-error.js';
import { networkOptionsFromEnv, sdkRequestHandler } from './network-options.js';
import { configuredEndpoint, type SharedConfig } from './shared-config.js';
import { ssoSignInTarget, type SsoSignInTarget } from './sso-profile.js';
import {
  cacheTimestamp,
  readCacheEntry,
  ssoCacheDirectory,
  tokenCacheKey,
  writeCacheEntry,
  type SsoCachedToken,
} from './sso-token-cache.js';

export interface SsoCredentialOptions {
  /** The profile with the sso_* settings: the SSO source of the chain. */
  profile: string;
  /** The profile in use, whose endpoint settings (`services`, `endpoint_url`) apply, as for every client. */
  profileInUse: string;
  config: SharedConfig;
  /** HOME (the token cache), AWS_ENDPOINT_URL_SSO / _SSO_OIDC / AWS_ENDPOINT_URL, proxy and CA bundle. */
  env: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** A token this close to its expiry is refreshed first, as the SDK's fromSso does (EXPIRE_WINDOW_MS). */
const REFRESH_WINDOW_MS = 5 * 60_000;
/** One refresh attempt per token every 30 s at most, as the SDK. */
const REFRESH_RETRY_MS = 30_000;
const lastRefreshAttempts = new Map<string, number>();

/**
 * A profile's IAM Identity Center role credentials, resolved as the SDK's fromSSO resolves them, but
 * from the environment the caller gives (the SDK reads the token cache of the process's own HOME and
 * its endpoints from process.env):
 *
 * 1. the access token from `$HOME/.aws/sso/cache` (sso-token-cache.ts: the sso-session name's file, or
 *    the start URL's for a legacy profile);
 * 2. an sso-session token within 5 minutes of its expiry is refreshed with the OIDC refresh-token
 *    grant (at most every 30 s), and the new token written back as the AWS CLI v2 writes it
 *    (botocore's SSOTokenProvider); a failed refresh keeps a token that has not expired yet;
 * 3. the portal's GetRoleCredentials for sso_account_id and sso_role_name, at the configured endpoint.
 *
 * A missing, unreadable or expired token, and one the portal refuses, are `sso-expired` naming the
 * SSO profile; missing settings are `config-invalid`. Tokens are never logged or returned.
 */
export async function ssoCredentials(options: SsoCredentialOptions): Promise<AwsCredentialIdentity> {
  const { profile, config, env } = options;
  const target = ssoSignInTarget(profile, config);
  const settings = config.raw.get(target.profile) ?? {};
  const accountId = settings.sso_account_id;
  const roleName = settings.sso_role_name;
  const missing = [...(accountId ? [] : ['sso_account_id']), ...(roleName ? [] : ['sso_role_name'])];
  if (missing.length > 0) {
    throw new AwsError('config-invalid', `profile ${target.profile} has no ${missing.join(' or ')}`, {
      profile: target.profile,
    });
  }
  if (target.sessionName !== undefined) checkConsistent(target, settings);
  const accessToken = await validToken(target, options);
  const network = await networkOptionsFromEnv(env);
  const endpoint = configuredEndpoint('SSO', options.profileInUse, config, env);
  const { SSOClient, GetRoleCredentialsCommand } = await import('@aws-sdk/client-sso');
  const requestHandler = await sdkRequestHandler(
    network,
    endpoint ?? `https://portal.sso.${target.region}.amazonaws.com`,
  );
  const sso = new SSOClient({
    region: target.region,
    maxAttempts: 3,
    // Resolved above from `env` and the profile in use; the SDK's own lookup would read process.env.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
    ...(requestHandler ? { requestHandler } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const answer = await sso.send(new GetRoleCredentialsCommand({ accountId, roleName, accessToken }));
    const role = answer.roleCredentials;
    if (!role?.accessKeyId || !role.secretAccessKey || !role.sessionToken || role.expiration === undefined) {
      throw new AwsError('bad-response', 'GetRoleCredentials answered without complete credentials', {
        profile: target.profile,
      });
    }
    return {
      accessKeyId: role.accessKeyId,
      secretAccessKey: role.secretAccessKey,
      sessionToken: role.sessionToken,
      expiration: new Date(role.expiration),
      ...(accountId ? { accountId } : {}),
    };
  } catch (error) {
    if (error instanceof AwsError) throw error;
    // The portal refuses a token it no longer accepts (expired, signed out): a new sign-in is the cure.
    if (serviceExceptionName(error) === 'UnauthorizedException') throw expired(target, error);
    const classified = classifyAwsError(error, 'GetRoleCredentials');
    throw new AwsError(
      classified.code,
      `profile ${target.profile} cannot get role ${roleName} in account ${accountId}: ${classified.message}`,
      { cause: error, profile: target.profile },
    );
  } finally {
    sso.destroy();
  }
}

/** The SDK refuses a profile whose own sso_start_url or sso_region contradicts its sso-session's. */
function checkConsistent(
  target: SsoSignInTarget,
  settings: Readonly<Record<string, string | undefined>>,
): void {
  for (const [key, value] of [
    ['sso_start_url', target.startUrl],
    ['sso_region', target.region],
  ] as const) {
    const own = settings[key];
    if (own !== undefined && own !== value) {
      throw new AwsError(
        'config-invalid',
        `profile ${target.profile} has ${key} ${own}, but its [sso-session ${target.sessionName ?? ''}] says ${value}`,
        { profile: target.profile },
      );
    }
  }
}

/** The cached access token, refreshed first when it is about to expire; else `sso-expired`. */
async function validToken(target: SsoSignInTarget, options: SsoCredentialOptions): Promise<string> {
  const directory = ssoCacheDirectory(options.env);
  const key = tokenCacheKey(target.startUrl, target.sessionName);
  const entry = await readCacheEntry(directory, key);
  const accessToken = typeof entry?.accessToken === 'string' ? entry.accessToken : undefined;
  const expiresAt = typeof entry?.expiresAt === 'string' ? Date.parse(entry.expiresAt) : Number.NaN;
  if (!entry || !accessToken || !Number.isFinite(expiresAt)) throw expired(target, undefined);
  if (expiresAt - Date.now() > REFRESH_WINDOW_MS) return accessToken;
  // Only sso-session tokens are refreshed (legacy profiles have no refresh token), as by the SDK.
  const cacheFile = join(directory, `${key}.json`);
  const lastAttempt = lastRefreshAttempts.get(cacheFile) ?? 0;
  if (target.sessionName !== undefined && Date.now() - lastAttempt >= REFRESH_RETRY_MS) {
    lastRefreshAttempts.set(cacheFile, Date.now());
    const refreshed = await refresh(target, entry, options).catch((error: unknown) => {
      // A refresh that fails leaves a token that is still valid in use (the SDK's behaviour).
      if (expiresAt > Date.now()) return undefined;
      throw expired(target, error);
    });
    if (refreshed) {
      // Written back for the AWS CLI and the SDKs; a cache that cannot be written does not stop us.
      await writeCacheEntry(directory, key, refreshed).catch(() => undefined);
      return refreshed.accessToken;
    }
  }
  if (expiresAt > Date.now()) return accessToken;
  throw expired(target, undefined);
}

/**
 * The OIDC refresh-token grant, and the token file botocore's SSOTokenProvider writes after it: its
 * members in this order, the new refresh token only when the service gave one.
 */
async function refresh(
  target: SsoSignInTarget,
  entry: Record<string, unknown>,
  options: SsoCredentialOptions,
): Promise<SsoCachedToken | undefined> {
  const text = (name: string): string | undefined =>
    typeof entry[name] === 'string' ? (entry[name] as string) : undefined;
  const clientId = text('clientId');
  const clientSecret = text('clientSecret');
  const refreshToken = text('refreshToken');
  const registrationExpiresAt = text('registrationExpiresAt');
  // botocore's _refresh_access_token: nothing to refresh with, or a client registration that expired.
  if (!clientId || !clientSecret || !refreshToken || !registrationExpiresAt) return undefined;
  if (!(Date.parse(registrationExpiresAt) > Date.now())) return undefined;
  const endpoint = configuredEndpoint('SSO_OIDC', options.profileInUse, options.config, options.env);
  const { SSOOIDCClient, CreateTokenCommand } = await import('@aws-sdk/client-sso-oidc');
  const requestHandler = await sdkRequestHandler(
    await networkOptionsFromEnv(options.env),
    endpoint ?? `https://oidc.${target.region}.amazonaws.com`,
  );
  const oidc = new SSOOIDCClient({
    region: target.region,
    maxAttempts: 3,
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
    ...(requestHandler ? { requestHandler } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  try {
    const answer = await oidc.send(
      new CreateTokenCommand({ grantType: 'refresh_token', clientId, clientSecret, refreshToken }),
    );
    if (!answer.accessToken || answer.expiresIn === undefined) {
      throw new AwsError('bad-response', 'CreateToken answered without an access token or its lifetime');
    }
    return {
      startUrl: target.startUrl,
      region: target.region,
      accessToken: answer.accessToken,
      expiresAt: cacheTimestamp(new Date(Date.now() + answer.expiresIn * 1000)),
      clientId,
      clientSecret,
      registrationExpiresAt,
      ...(answer.refreshToken !== undefined ? { refreshToken: answer.refreshToken } : {}),
    };
  } finally {
    oidc.destroy();
  }
}

function expired(target: SsoSignInTarget, cause: unknown): AwsError {
  return new AwsError('sso-expired', `the SSO token of profile ${target.profile} is missing or has expired`, {
    cause,
    profile: target.profile,
  });
}
