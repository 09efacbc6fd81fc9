import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import type { Logger } from '@smithy/types';
import { AwsError } from './aws-error.js';
import { classifyAwsError, serviceExceptionName } from './classify-aws-error.js';
import { networkOptionsFromEnv, sdkRequestHandler } from './network-options.js';
import { configuredEndpoint, profileNameOf, readSharedConfig } from './shared-config.js';
import { ssoSignInTarget, type SsoSignInTarget } from './sso-profile.js';
import {
  cacheTimestamp,
  readCacheEntry,
  registrationCacheKey,
  ssoCacheDirectory,
  tokenCacheKey,
  writeCacheEntry,
  type SsoCachedRegistration,
} from './sso-token-cache.js';

/** What the user must see to approve the sign-in: a page and the code it should show. */
export interface SsoAuthorizationPrompt {
  /** The profile being signed in (the SSO profile under a role profile). */
  profile: string;
  startUrl: string;
  /** The page where the user approves the code. */
  verificationUri: string;
  /** The same page with the code filled in (open this one in a browser). */
  verificationUriComplete: string | undefined;
  /** The code the page shows, e.g. `BCDF-GHJK`: the user checks that they match. */
  userCode: string;
  /** When the code stops being accepted. */
  expiresAt: Date;
}

/**
 * What ssoDeviceLogin() needs: the profile to sign in and `onAuthorization`, which shows the user the
 * page and code; optionally another env, the OIDC endpoint, a cancelling signal and a logger.
 */
export interface SsoDeviceLoginOptions {
  /** The profile to sign in; default AWS_PROFILE of `env`, else `default`. */
  profile?: string;
  /**
   * Where settings are read from instead of process.env: HOME (where the token cache is written),
   * AWS_CONFIG_FILE (where the profile is), AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL and
   * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, proxy variables and AWS_CA_BUNDLE.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * The OIDC endpoint, winning over AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, the profile's
   * `[services]` section (`sso_oidc = …endpoint_url`) and its endpoint_url. Default
   * `https://oidc.<sso_region>.amazonaws.com`.
   */
  endpointUrl?: string;
  /**
   * Called once the device authorization has started and the user must act: show the page and the
   * code, open a browser. Not called when the service hands out a token at once.
   */
  onAuthorization: (prompt: SsoAuthorizationPrompt) => void;
  /** Cancels the sign-in: it rejects with an AwsError `aborted` and stops polling at once. */
  signal?: AbortSignal;
  /** The SDK client's log lines (its requests and responses: the caller must redact). */
  logger?: Logger;
  /** Waits between polls (tests replace it; aborting `signal` must end the wait). */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/**
 * What a finished ssoDeviceLogin() signed in: the SSO profile, its sso_session (undefined for a legacy
 * sso_start_url profile), start URL and region, when the token expires, and the cache file the AWS CLI
 * and the SDKs now read it from. Never the token itself.
 */
export interface SsoLoginResult {
  profile: string;
  sessionName: string | undefined;
  startUrl: string;
  /** sso_region. */
  region: string;
  /** When the access token expires. */
  expiresAt: Date;
  /** The token cache file written, where the AWS CLI and the SDKs look for it. */
  cacheFile: string;
}

/** botocore's SSOTokenFetcher constants (RFC 8628 §3.5): +5 s on slow_down, 5 s when no interval is given. */
const SLOW_DOWN_SECONDS = 5;
const DEFAULT_INTERVAL_SECONDS = 5;
/** A cached registration this close to its expiry is registered again, as botocore's _is_expired. */
const EXPIRY_WINDOW_MS = 15 * 60_000;
const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface Registration {
  clientId: string;
  clientSecret: string;
  expiresAt: string;
  scopes?: string[];
}

interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string | undefined;
  expiresAt: number;
  interval: number | undefined;
}

/**
 * IAM Identity Center sign-in by device authorization, as `aws sso login` does it, for a profile with
 * `sso_session` (or the legacy sso_start_url/sso_region): reuse or register an OIDC client (the
 * registration cached as botocore caches it), StartDeviceAuthorization, tell the caller the page and
 * code, poll CreateToken at the interval the service gives (AuthorizationPending: again; SlowDown: 5 s
 * longer from then on; ExpiredToken: `sso-login-expired`; AccessDenied: `sso-login-denied`), then write
 * the token cache file exactly where and how the AWS CLI v2 writes it (sso-token-cache.ts), so `aws`,
 * botocore and the SDKs use the same token. The token and secrets are never logged or returned.
 */
export async function ssoDeviceLogin(options: SsoDeviceLoginOptions): Promise<SsoLoginResult> {
  const { signal } = options;
  const env = options.env ?? process.env;
  throwIfAborted(signal);
  const config = await readSharedConfig(env);
  const target = ssoSignInTarget(profileNameOf(options.profile, env), config);
  const endpoint =
    options.endpointUrl ?? configuredEndpoint('SSO_OIDC', target.profile, config, env) ?? undefined;
  const oidc = await oidcClient(target, endpoint, env, options.logger);
  try {
    const directory = ssoCacheDirectory(env);
    const registrationKey = registrationCacheKey(
      target.startUrl,
      target.region,
      target.scopes,
      target.sessionName,
    );
    let registration = await cachedRegistration(directory, registrationKey);
    const reused = registration !== undefined;
    registration ??= await register(oidc, target, directory, registrationKey, signal);
    let authorization: DeviceAuthorization;
    try {
      authorization = await authorize(oidc, target, registration, signal);
    } catch (error) {
      // A cached client the service no longer knows (revoked, or of another Identity Center): once more, new.
      if (!reused || !isInvalidClient(error)) throw error;
      registration = await register(oidc, target, directory, registrationKey, signal);
      authorization = await authorize(oidc, target, registration, signal);
    }
    const token = await pollForToken(oidc, target, registration, authorization, options);
    const cacheFile = await writeCacheEntry(directory, tokenCacheKey(target.startUrl, target.sessionName), {
      startUrl: target.startUrl,
      region: target.region,
      accessToken: token.accessToken,
      expiresAt: cacheTimestamp(token.expiresAt),
      clientId: registration.clientId,
      clientSecret: registration.clientSecret,
      registrationExpiresAt: registration.expiresAt,
      ...(token.refreshToken !== undefined ? { refreshToken: token.refreshToken } : {}),
    });
    return {
      profile: target.profile,
      sessionName: target.sessionName,
      startUrl: target.startUrl,
      region: target.region,
      expiresAt: token.expiresAt,
      cacheFile,
    };
  } finally {
    oidc.destroy();
  }
}

async function oidcClient(
  target: SsoSignInTarget,
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv,
  logger: Logger | undefined,
): Promise<SSOOIDCClient> {
  const { SSOOIDCClient } = await import('@aws-sdk/client-sso-oidc');
  const requestHandler = await sdkRequestHandler(
    await networkOptionsFromEnv(env),
    endpoint ?? `https://oidc.${target.region}.amazonaws.com`,
  );
  return new SSOOIDCClient({
    region: target.region,
    maxAttempts: 3,
    // The endpoint was resolved above from `env`; the SDK's own lookup would read process.env.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoint ? { endpoint } : {}),
    ...(requestHandler ? { requestHandler } : {}),
    ...(logger ? { logger } : {}),
  });
}

/** A cached registration botocore would still use (not within 15 minutes of its expiry), else undefined. */
async function cachedRegistration(directory: string, key: string): Promise<Registration | undefined> {
  const entry = await readCacheEntry(directory, key);
  if (!entry) return undefined;
  const { clientId, clientSecret, expiresAt, scopes } = entry;
  if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || typeof expiresAt !== 'string') {
    return undefined;
  }
  const expiry = Date.parse(expiresAt);
  if (!Number.isFinite(expiry) || expiry - Date.now() < EXPIRY_WINDOW_MS) return undefined;
  return {
    clientId,
    clientSecret,
    expiresAt,
    ...(Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string') ? { scopes } : {}),
  };
}

/** RegisterClient as botocore's _register_client, and the registration cached under botocore's key. */
async function register(
  oidc: SSOOIDCClient,
  target: SsoSignInTarget,
  directory: string,
  key: string,
  signal: AbortSignal | undefined,
): Promise<Registration> {
  const { RegisterClientCommand } = await import('@aws-sdk/client-sso-oidc');
  const scopes = target.scopes && target.scopes.length > 0 ? target.scopes : undefined;
  const answer = await call(
    () =>
      oidc.send(
        new RegisterClientCommand({
          // botocore names legacy registrations after the time, sso-session ones after the session.
          clientName: `botocore-client-${target.sessionName ?? Math.floor(Date.now() / 1000)}`,
          clientType: 'public',
          ...(scopes ? { scopes } : {}),
        }),
        signal ? { abortSignal: signal } : {},
      ),
    signal,
  );
  if (!answer.clientId || !answer.clientSecret || answer.clientSecretExpiresAt === undefined) {
    throw new AwsError('bad-response', 'RegisterClient answered without a client id, secret or expiry');
  }
  const registration: SsoCachedRegistration = {
    clientId: answer.clientId,
    clientSecret: answer.clientSecret,
    expiresAt: cacheTimestamp(new Date(answer.clientSecretExpiresAt * 1000)),
    ...(scopes ? { scopes } : {}),
  };
  await writeCacheEntry(directory, key, registration);
  return registration;
}

async function authorize(
  oidc: SSOOIDCClient,
  target: SsoSignInTarget,
  registration: Registration,
  signal: AbortSignal | undefined,
): Promise<DeviceAuthorization> {
  const { StartDeviceAuthorizationCommand } = await import('@aws-sdk/client-sso-oidc');
  const answer = await call(
    () =>
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl: target.startUrl,
        }),
        signal ? { abortSignal: signal } : {},
      ),
    signal,
  );
  if (!answer.deviceCode || !answer.userCode || !answer.verificationUri || answer.expiresIn === undefined) {
    throw new AwsError(
      'bad-response',
      'StartDeviceAuthorization answered without a device code, user code or page',
    );
  }
  return {
    deviceCode: answer.deviceCode,
    userCode: answer.userCode,
    verificationUri: answer.verificationUri,
    verificationUriComplete: answer.verificationUriComplete,
    expiresAt: Date.now() + answer.expiresIn * 1000,
    interval: answer.interval,
  };
}

/**
 * botocore's _poll_for_token: one CreateToken before the user is told anything (a client may be
 * authorized already), then the prompt, then CreateToken and a wait of `interval` seconds in turn.
 * The loop also stops by itself when the code's lifetime has passed, should the service not say so.
 */
async function pollForToken(
  oidc: SSOOIDCClient,
  target: SsoSignInTarget,
  registration: Registration,
  authorization: DeviceAuthorization,
  options: SsoDeviceLoginOptions,
): Promise<{ accessToken: string; refreshToken: string | undefined; expiresAt: Date }> {
  const { CreateTokenCommand } = await import('@aws-sdk/client-sso-oidc');
  const { signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  let interval = authorization.interval ?? DEFAULT_INTERVAL_SECONDS;
  const attempt = async (): Promise<
    { accessToken: string; refreshToken: string | undefined; expiresAt: Date } | undefined
  > => {
    try {
      const answer = await oidc.send(
        new CreateTokenCommand({
          grantType: DEVICE_CODE_GRANT,
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          deviceCode: authorization.deviceCode,
        }),
        signal ? { abortSignal: signal } : {},
      );
      if (!answer.accessToken || answer.expiresIn === undefined) {
        throw new AwsError('bad-response', 'CreateToken answered without an access token or its lifetime');
      }
      return {
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken,
        expiresAt: new Date(Date.now() + answer.expiresIn * 1000),
      };
    } catch (error) {
      throwIfAborted(signal);
      switch (serviceExceptionName(error)) {
        case 'AuthorizationPendingException':
          return undefined;
        case 'SlowDownException':
          interval += SLOW_DOWN_SECONDS;
          return undefined;
        case 'ExpiredTokenException':
          throw expiredError(target, error);
        case 'AccessDeniedException':
          throw new AwsError('sso-login-denied', `the sign-in for profile ${target.profile} was denied`, {
            cause: error,
            profile: target.profile,
          });
        default:
          throw classifyAwsError(error, 'CreateToken');
      }
    }
  };
  const first = await attempt();
  if (first) return first;
  options.onAuthorization({
    profile: target.profile,
    startUrl: target.startUrl,
    verificationUri: authorization.verificationUri,
    verificationUriComplete: authorization.verificationUriComplete,
    userCode: authorization.userCode,
    expiresAt: new Date(authorization.expiresAt),
  });
  for (;;) {
    throwIfAborted(signal);
    const token = await attempt();
    if (token) return token;
    if (Date.now() >= authorization.expiresAt) throw expiredError(target, undefined);
    try {
      await sleep(interval * 1000, signal);
    } catch (error) {
      throwIfAborted(signal);
      throw error;
    }
  }
}

function isInvalidClient(error: unknown): boolean {
  return error instanceof AwsError && serviceExceptionName(error.cause) === 'InvalidClientException';
}

function expiredError(target: SsoSignInTarget, cause: unknown): AwsError {
  return new AwsError(
    'sso-login-expired',
    `the sign-in code for profile ${target.profile} expired before it was approved`,
    { cause, profile: target.profile },
  );
}

/** One SDK call whose failure becomes an AwsError (`aborted` once the signal has fired). */
async function call<T>(action: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throwIfAborted(signal);
    throw classifyAwsError(error);
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AwsError('aborted', 'cancelled', { cause: signal.reason });
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AwsError('aborted', 'cancelled', { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AwsError('aborted', 'cancelled', { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
