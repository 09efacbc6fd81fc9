import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { AwsError } from './aws-error.js';
import { DEFAULT_WAIT_NOTICE_MS, noticeIfSlow, type AwsWait } from './aws-wait.js';
import { classifyAwsError, firstLine, serviceExceptionName } from './classify-aws-error.js';
import { programOf, runCredentialProcess } from './credential-process.js';
import { profileChain, type ProfileChain } from './profile-chain.js';
import { networkOptionsFromEnv, sdkRequestHandler } from './network-options.js';
import { configuredEndpoint, type SharedConfig } from './shared-config.js';

export interface ProfileCredentialOptions {
  /** The profile in use ("default" included). */
  profileName: string;
  config: SharedConfig;
  /** The context's env: credential_process runs with it. */
  env: NodeJS.ProcessEnv;
  /** The context's region, for STS calls of roles whose profile names none. */
  region: string;
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  logger?: Logger;
  onWaiting?: (wait: AwsWait) => void;
  waitNoticeMs?: number;
}

/** Credentials are fetched again this long before they expire, as the SDK does. */
const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * The credentials of a profile, as the AWS CLI resolves them, with every failure an AwsError that
 * names the profile and the cause. The chain is followed here first (profile-chain.ts), so loops and
 * missing source profiles are named before the SDK would turn them into "could not load credentials".
 * A chain that ends in credential_process is run by us (credential-process.ts), with the roles on top
 * assumed through STS as the SDK would; every other chain is the SDK's own provider chain, and its
 * failures are classified by where in the chain they happened, not by the SDK's wording.
 * Results are shared and refreshed before they expire; failures are not kept.
 */
export function profileCredentialProvider(options: ProfileCredentialOptions): AwsCredentialIdentityProvider {
  let chain: ProfileChain | undefined;
  let inner: Promise<AwsCredentialIdentityProvider> | undefined;
  /** Errors the MFA callback threw (a cancelled dialog): they come out unchanged. */
  const callbackErrors = new WeakSet<object>();
  let mfaAsked = false;
  const mfaCodeProvider = options.mfaCodeProvider
    ? async (serial: string): Promise<string> => {
        mfaAsked = true;
        try {
          return await (options.mfaCodeProvider as (serial: string) => Promise<string>)(serial);
        } catch (error) {
          if (typeof error === 'object' && error !== null) callbackErrors.add(error);
          throw error;
        }
      }
    : undefined;
  const waitNoticeMs = options.waitNoticeMs ?? DEFAULT_WAIT_NOTICE_MS;

  const resolve = async (): Promise<AwsCredentialIdentity> => {
    chain ??= profileChain(options.profileName, options.config);
    const mfaRole = chain.roles.find((role) => role.mfaSerial);
    if (mfaRole && !mfaCodeProvider) {
      throw new AwsError(
        'mfa-required',
        `profile ${options.profileName} needs an MFA code for ${mfaRole.mfaSerial ?? ''}, and nothing was given to ask for it`,
        { profile: options.profileName },
      );
    }
    const known = chain;
    inner ??= buildInner(known, options, mfaCodeProvider, waitNoticeMs);
    const provider = await inner;
    mfaAsked = false;
    try {
      const work = provider();
      // credential_process says what it waits for itself; other sources are named here.
      return known.source.kind === 'process'
        ? await work
        : await noticeIfSlow(
            work,
            waitNoticeMs,
            options.onWaiting &&
              (() =>
                options.onWaiting?.({
                  step: 'credentials',
                  profile: options.profileName,
                  source: known.source.kind === 'none' ? 'default chain' : known.source.kind,
                })),
          );
    } catch (error) {
      if (typeof error === 'object' && error !== null && callbackErrors.has(error)) throw error;
      throw classifyCredentialError(error, known, options.profileName, mfaAsked);
    }
  };
  return memoized(resolve);
}

async function buildInner(
  chain: ProfileChain,
  options: ProfileCredentialOptions,
  mfaCodeProvider: ((serial: string) => Promise<string>) | undefined,
  waitNoticeMs: number,
): Promise<AwsCredentialIdentityProvider> {
  const { config, profileName, env } = options;
  const { source } = chain;
  if (source.kind !== 'process' && source.kind !== 'sso') {
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    return fromNodeProviderChain({
      profile: profileName,
      filepath: config.paths.filepath,
      configFilepath: config.paths.configFilepath,
      logger: options.logger ?? SILENT_LOGGER,
      ...(mfaCodeProvider ? { mfaCodeProvider } : {}),
    });
  }
  let provider: AwsCredentialIdentityProvider;
  if (source.kind === 'process') {
    const { profile, command } = source;
    provider = memoized(() =>
      runCredentialProcess(profile, command, {
        env,
        slowAfterMs: waitNoticeMs,
        ...(options.onWaiting
          ? {
              onSlow: () =>
                options.onWaiting?.({ step: 'credential-process', profile, program: programOf(command) }),
            }
          : {}),
      }),
    );
  } else {
    // IAM Identity Center: resolved here, from `env` (its HOME's token cache, its endpoints), which
    // the SDK's fromSSO cannot be given (sso-credentials.ts).
    const { ssoCredentials } = await import('./sso-credentials.js');
    provider = memoized(() =>
      ssoCredentials({
        profile: source.profile,
        profileInUse: profileName,
        config,
        env,
        ...(options.logger ? { logger: options.logger } : {}),
      }),
    );
  }
  if (chain.roles.length === 0) return provider;
  const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
  // STS at the endpoint configured in `env` or the profile in use, through its proxy and CA bundle.
  const stsEndpoint = configuredEndpoint('STS', profileName, config, env);
  // Each role is assumed with the credentials of the link below it, innermost first, as fromIni does.
  for (const role of chain.roles) {
    const region = role.region ?? options.region;
    const requestHandler = await sdkRequestHandler(
      await networkOptionsFromEnv(env),
      stsEndpoint ?? `https://sts.${region}.amazonaws.com`,
    );
    provider = fromTemporaryCredentials({
      masterCredentials: provider,
      params: {
        RoleArn: role.roleArn,
        RoleSessionName: role.roleSessionName ?? `aws-sdk-js-${Date.now()}`,
        ...(role.externalId ? { ExternalId: role.externalId } : {}),
        DurationSeconds: role.durationSeconds ?? 3600,
        ...(role.mfaSerial ? { SerialNumber: role.mfaSerial } : {}),
      },
      clientConfig: {
        region,
        logger: options.logger ?? SILENT_LOGGER,
        ignoreConfiguredEndpointUrls: true,
        ...(stsEndpoint ? { endpoint: stsEndpoint } : {}),
        ...(requestHandler ? { requestHandler } : {}),
      },
      ...(mfaCodeProvider ? { mfaCodeProvider } : {}),
    });
  }
  return provider;
}

/**
 * What went wrong, by the step of the chain it came from: a service's answer during a role's STS
 * call is about that role (or its MFA code), an SSO source that fails needs a new sign-in, a
 * provider that finds nothing means no credentials. The one place that reads a service message is
 * STS's AccessDenied, whose only structured field cannot tell a refused MFA code from a role that
 * does not trust the caller.
 */
function classifyCredentialError(
  error: unknown,
  chain: ProfileChain,
  profileName: string,
  mfaAsked: boolean,
): AwsError {
  if (error instanceof AwsError) return error;
  const options = { cause: error, profile: profileName };
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  const name = serviceExceptionName(error);
  if (
    name !== undefined &&
    chain.roles.length > 0 &&
    (name === 'AccessDenied' || name === 'ValidationError')
  ) {
    if (mfaAsked && (name === 'ValidationError' || /MultiFactorAuthentication/i.test(message))) {
      return new AwsError(
        'mfa-rejected',
        `the MFA code for profile ${profileName} was not accepted: ${message}`,
        options,
      );
    }
    if (name === 'AccessDenied') {
      return new AwsError(
        'assume-role-denied',
        `profile ${profileName} cannot assume its role: ${message}`,
        options,
      );
    }
  }
  if (chain.source.kind === 'sso' && (name !== undefined || isProviderError(error))) {
    const ssoProfile = chain.source.profile;
    const classified = name !== undefined ? classifyAwsError(error) : undefined;
    // Network trouble on the way to SSO is not a reason to sign in again.
    if (
      !classified ||
      classified.code === 'access-denied' ||
      classified.code === 'credentials-invalid' ||
      classified.code === 'unknown'
    ) {
      return new AwsError('sso-expired', `the SSO token of profile ${ssoProfile} is missing or has expired`, {
        cause: error,
        profile: ssoProfile,
      });
    }
    return classified;
  }
  if (isProviderError(error)) {
    if (chain.source.kind === 'none') {
      return new AwsError(
        'credentials-missing',
        `no AWS credentials found for profile ${profileName}`,
        options,
      );
    }
    return new AwsError(
      'credentials-missing',
      `cannot get credentials for profile ${profileName} (${chain.source.kind} of profile ${chain.source.profile}): ${message}`,
      options,
    );
  }
  const classified = classifyAwsError(error);
  return classified.profile === undefined && classified.code !== 'unknown'
    ? new AwsError(classified.code, classified.message, options)
    : classified;
}

function isProviderError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'CredentialsProviderError' || name === 'TokenProviderError';
}

/**
 * One resolution at a time, shared by every caller (the SSM, EC2 and KMS clients and inRegion()
 * copies), kept until shortly before it expires; a failure is not kept, so the next call tries again.
 */
function memoized(resolve: () => Promise<AwsCredentialIdentity>): AwsCredentialIdentityProvider {
  let value: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return () => {
    const expiration = value?.expiration?.getTime();
    if (value && (expiration === undefined || expiration - Date.now() > REFRESH_BEFORE_MS)) {
      return Promise.resolve(value);
    }
    pending ??= resolve()
      .then((fresh) => (value = fresh))
      .finally(() => (pending = undefined));
    return pending;
  };
}

/** The chain's own messages (e.g. its warning about AWS_PROFILE next to env keys) go nowhere by default. */
const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
