import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { AwsError } from './aws-error.js';
import { DEFAULT_WAIT_NOTICE_MS, noticeIfSlow, type AwsWait } from './aws-wait.js';
import { classifyAwsError } from './classify-aws-error.js';
import { profileCredentialProvider } from './credential-provider.js';
import { envCredentials } from './env-credentials.js';
import { networkOptionsFromEnv, sdkRequestHandler, type NetworkOptions } from './network-options.js';
import {
  configuredEndpoint,
  mfaSerialFor,
  profileNameOf,
  readSharedConfig,
  resolveRegion,
  sharedConfigPaths,
  type EndpointService,
  type SharedConfig,
} from './shared-config.js';

/**
 * How AwsContext.create() (and createAwsContext()) resolves a context: which profile, region and
 * endpoints, where settings are read from instead of process.env, and callbacks for MFA codes, slow
 * steps and the SDK's log. All optional: `{}` resolves everything as the AWS CLI would.
 */
export interface AwsContextOptions {
  /** Named profile; undefined = AWS_PROFILE or the default chain. */
  profile?: string;
  /** Region flag; otherwise env, then the profile's region. */
  region?: string;
  /** --endpoint-url: one endpoint for every service the context calls (e.g. the emulator). */
  endpointUrl?: string;
  /**
   * Per-service endpoints that win over everything else for that service (the drop-in plugin's SSM
   * endpoint argument, which must not apply to KMS).
   */
  serviceEndpoints?: Partial<Record<AwsService, string>>;
  /**
   * Answers an MFA prompt for assume-role profiles with mfa_serial (a TTY prompt, or the app's dialog):
   * called with the profile's mfa_serial, it resolves to the one-time code. Without it such profiles
   * fail with an AwsError `mfa-required`; an error it throws (a cancelled dialog) comes out unchanged.
   */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * Where AWS settings are read from instead of process.env (docs/library.md lists what it covers):
   * AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and HOME (which files, which profile),
   * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_REGION/AWS_DEFAULT_REGION,
   * AWS_ENDPOINT_URL[_SSM|_EC2|_KMS|_RDS|_STS], AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, proxy variables and
   * AWS_CA_BUNDLE, the environment credential_process runs with, and for IAM Identity Center profiles
   * HOME's token cache and AWS_ENDPOINT_URL_SSO / _SSO_OIDC (the library resolves both kinds of source,
   * and the STS calls of roles on top of them). What the SDK reads while it gets other credentials
   * stays process.env's: STS for roles over static keys, web identity, container and instance metadata.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Told when a step has waited longer than `waitNoticeMs` (default 3 s) for something outside our
   * control: a config file that does not finish reading (a pipe), a credential_process that does not
   * return, a credential source that does not answer. Faces say what is being waited for.
   */
  onWaiting?: (wait: AwsWait) => void;
  waitNoticeMs?: number;
  /** Receives the SDK clients' log lines (requests and responses: the caller must redact secrets). */
  logger?: Logger;
}

/** The AWS services an AwsContext makes SDK clients for; the keys of `serviceEndpoints`. */
export type AwsService = 'ssm' | 'ec2' | 'kms' | 'rds' | 'sts';
type Service = AwsService;
const SERVICE_IDS: Record<Service, EndpointService> = {
  ssm: 'SSM',
  ec2: 'EC2',
  kms: 'KMS',
  rds: 'RDS',
  sts: 'STS',
};

/** What one SDK call is given: the caller's AbortSignal, passed to the SDK's send(). */
export interface SendOptions {
  abortSignal?: AbortSignal;
}

export interface CallOptions {
  /** Cancels the call: it rejects at once with an AwsError `aborted`, and the HTTP request is aborted. */
  signal?: AbortSignal;
  /** The operation's name, for codes that depend on it (DoesNotExistException on ResumeSession). */
  operation?: string;
}

/** What create() resolved from the environment and the shared files, shared by inRegion() copies. */
interface ResolvedSettings {
  /** The profile in use: the explicit one, AWS_PROFILE or "default". */
  profileName: string;
  /** Static keys from env; used (as by the SDK's fromEnv) only when no profile was named. */
  envKeys: AwsCredentialIdentity | undefined;
  config: SharedConfig;
  /** Configured endpoints (env, then the profile) per service; the --endpoint-url flag wins over them. */
  endpoints: Partial<Record<Service, string>>;
  mfaSerial: string | undefined;
}

/**
 * Everything an AWS call needs, resolved once the way the AWS CLI resolves it: profile, region,
 * credentials (credential-provider.ts: env, shared files, SSO, credential_process, assume-role,
 * containers and instance metadata; refreshed before they expire), endpoints (flag, then
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and the profile's services section or endpoint_url),
 * proxy and CA bundle. SDK modules are loaded on first use only.
 */
export class AwsContext {
  private readonly clients = new Map<Service, Promise<unknown>>();
  private credentialProvider: Promise<AwsCredentialIdentityProvider> | undefined;

  private constructor(
    readonly region: string,
    readonly profile: string | undefined,
    readonly endpointUrl: string | undefined,
    readonly network: NetworkOptions,
    private readonly options: AwsContextOptions,
    private readonly settings: ResolvedSettings,
  ) {}

  static async create(options: AwsContextOptions = {}): Promise<AwsContext> {
    const env = options.env ?? process.env;
    const paths = sharedConfigPaths(env);
    const config = await noticeIfSlow(
      readSharedConfig(env),
      options.waitNoticeMs ?? DEFAULT_WAIT_NOTICE_MS,
      options.onWaiting && (() => options.onWaiting?.({ step: 'config-file', path: paths.configFilepath })),
    );
    const profileName = profileNameOf(options.profile, env);
    // A profile asked for by name must exist, as the AWS CLI says at once; otherwise the SDK's chain
    // would go on to instance metadata and, on EC2, quietly be someone else.
    if ((options.profile || env.AWS_PROFILE) && !config.raw.has(profileName)) {
      throw new AwsError(
        'profile-not-found',
        `profile ${profileName} is not in ${config.paths.configFilepath} or ${config.paths.filepath}`,
        { profile: profileName },
      );
    }
    const region = await resolveRegion(options.region, options.profile, env, config);
    if (!region) {
      throw new AwsError(
        'no-region',
        `no AWS region: none was given, AWS_REGION and AWS_DEFAULT_REGION are not set, and profile ${profileName} has none`,
        { profile: profileName },
      );
    }
    // As the SDK's chain: env keys count only when no profile is named (flag or AWS_PROFILE).
    const envKeys = options.profile || env.AWS_PROFILE ? undefined : envCredentials(env);
    const endpoints: Partial<Record<Service, string>> = {};
    for (const service of Object.keys(SERVICE_IDS) as Service[]) {
      const url =
        options.serviceEndpoints?.[service] ??
        configuredEndpoint(SERVICE_IDS[service], profileName, config, env);
      if (url) endpoints[service] = url;
    }
    return new AwsContext(
      region,
      options.profile || undefined,
      options.endpointUrl,
      await networkOptionsFromEnv(env),
      options,
      {
        profileName,
        envKeys,
        config,
        endpoints,
        mfaSerial: envKeys ? undefined : mfaSerialFor(profileName, config),
      },
    );
  }

  /**
   * The MFA device whose code getting this context's credentials asks for (the profile, or a profile it
   * assumes a role through, has mfa_serial), or undefined. A UI can resolve credentials() up front
   * when it is set, so the question comes before anything else is on the screen.
   */
  get mfaSerial(): string | undefined {
    return this.settings.mfaSerial;
  }

  /** The same identity in another region (for listings across regions). */
  inRegion(region: string): AwsContext {
    const other = new AwsContext(
      region,
      this.profile,
      this.endpointUrl,
      this.network,
      this.options,
      this.settings,
    );
    other.credentialProvider = this.provider();
    return other;
  }

  /** The profile whose credentials are used: the explicit one, AWS_PROFILE, or "default". */
  get profileName(): string {
    return this.settings.profileName;
  }

  /** Resolves credentials now; a failure is an AwsError that names the profile and the cause. */
  async credentials(): Promise<AwsCredentialIdentity> {
    return (await this.provider())();
  }

  ssm(): Promise<SSMClient> {
    return this.client('ssm', async (config) => new (await import('@aws-sdk/client-ssm')).SSMClient(config));
  }

  ec2(): Promise<EC2Client> {
    return this.client('ec2', async (config) => new (await import('@aws-sdk/client-ec2')).EC2Client(config));
  }

  kms(): Promise<KMSClient> {
    return this.client('kms', async (config) => new (await import('@aws-sdk/client-kms')).KMSClient(config));
  }

  rds(): Promise<RDSClient> {
    return this.client('rds', async (config) => new (await import('@aws-sdk/client-rds')).RDSClient(config));
  }

  sts(): Promise<STSClient> {
    return this.client('sts', async (config) => new (await import('@aws-sdk/client-sts')).STSClient(config));
  }

  /**
   * Runs one SDK call, `action(sendOptions)` passing the options to the client's send(), so that the
   * caller's signal aborts the HTTP request. Whatever it throws comes out as an AwsError; an abort
   * rejects at once (credentials being fetched are not interrupted, but no longer waited for).
   */
  async call<T>(action: (send: SendOptions) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const { signal, operation } = options;
    if (signal?.aborted) throw abortedError(signal);
    try {
      const work = action(signal ? { abortSignal: signal } : {});
      if (!signal) return await work;
      return await new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(abortedError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      throw classifyAwsError(error, operation);
    }
  }

  /**
   * Static env keys, else the SDK's chain for the profile in use, with the shared files named
   * explicitly so the chain reads the files `env` points at. The profile is always named ("default"
   * included), which also keeps the chain from reading static keys from process.env.
   */
  private provider(): Promise<AwsCredentialIdentityProvider> {
    const { envKeys, profileName, config } = this.settings;
    if (envKeys) {
      this.credentialProvider ??= Promise.resolve(async () => envKeys);
      return this.credentialProvider;
    }
    const { mfaCodeProvider, logger, onWaiting, waitNoticeMs } = this.options;
    this.credentialProvider ??= Promise.resolve(
      profileCredentialProvider({
        profileName,
        config,
        env: this.options.env ?? process.env,
        region: this.region,
        ...(mfaCodeProvider ? { mfaCodeProvider } : {}),
        ...(logger ? { logger } : {}),
        ...(onWaiting ? { onWaiting } : {}),
        ...(waitNoticeMs !== undefined ? { waitNoticeMs } : {}),
      }),
    );
    return this.credentialProvider;
  }

  private client<T>(service: Service, make: (config: Record<string, unknown>) => Promise<T>): Promise<T> {
    let client = this.clients.get(service) as Promise<T> | undefined;
    if (!client) {
      client = (async () => {
        const endpoint =
          this.options.serviceEndpoints?.[service] ?? this.endpointUrl ?? this.settings.endpoints[service];
        const requestHandler = await sdkRequestHandler(
          this.network,
          endpoint ?? `https://${service}.${this.region}.amazonaws.com`,
        );
        const provider = await this.provider();
        return make({
          region: this.region,
          credentials: provider,
          maxAttempts: 4,
          ...(this.options.logger ? { logger: this.options.logger } : {}),
          // Configured endpoints were resolved above from `env` and the profile in use; the SDK's own
          // lookup would read process.env and AWS_PROFILE instead.
          ignoreConfiguredEndpointUrls: true,
          ...(endpoint ? { endpoint } : {}),
          ...(requestHandler ? { requestHandler } : {}),
        });
      })();
      this.clients.set(service, client);
    }
    return client;
  }
}

/** The AwsError for a call given up on; the signal's reason is kept as the cause. */
function abortedError(signal: AbortSignal): AwsError {
  return new AwsError('aborted', 'cancelled', { cause: signal.reason });
}
