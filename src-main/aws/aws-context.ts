import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { explainCredentialError } from './credential-errors.js';
import { envCredentials } from './env-credentials.js';
import { networkOptionsFromEnv, sdkRequestHandler, type NetworkOptions } from './network-options.js';
import {
  configuredEndpoint,
  mfaSerialFor,
  profileNameOf,
  readSharedConfig,
  resolveRegion,
  type EndpointService,
  type SharedConfigPaths,
} from './shared-config.js';

export interface AwsContextOptions {
  /** Named profile; undefined = AWS_PROFILE or the default chain. */
  profile?: string;
  /** Region flag; otherwise env, then the profile's region. */
  region?: string;
  /** --endpoint-url: one endpoint for SSM, EC2 and KMS (e.g. the emulator). */
  endpointUrl?: string;
  /**
   * Answers an MFA prompt for assume-role profiles with mfa_serial (a TTY prompt, or the app's dialog):
   * called with the profile's mfa_serial, it resolves to the one-time code. Without it such profiles
   * fail with a CredentialsError.
   */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * Where AWS settings are read from instead of process.env (docs/library.md lists what it covers):
   * AWS_PROFILE, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and HOME (which files, which profile),
   * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, AWS_REGION/AWS_DEFAULT_REGION,
   * AWS_ENDPOINT_URL[_SSM|_EC2|_KMS], AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, proxy variables and
   * AWS_CA_BUNDLE. What the SDK reads while it gets credentials stays process.env's: SSO token cache
   * and SSO profile lookup, STS/SSO endpoints, credential_process's environment, web identity,
   * container and instance metadata.
   */
  env?: NodeJS.ProcessEnv;
  /** Receives the SDK clients' log lines (requests and responses: the caller must redact secrets). */
  logger?: Logger;
}

type Service = 'ssm' | 'ec2' | 'kms';
const SERVICE_IDS: Record<Service, EndpointService> = { ssm: 'SSM', ec2: 'EC2', kms: 'KMS' };

/** What create() resolved from the environment and the shared files, shared by inRegion() copies. */
interface ResolvedSettings {
  /** The profile in use: the explicit one, AWS_PROFILE or "default". */
  profileName: string;
  /** Static keys from env; used (as by the SDK's fromEnv) only when no profile was named. */
  envKeys: AwsCredentialIdentity | undefined;
  paths: SharedConfigPaths;
  /** Configured endpoints (env, then the profile) per service; the --endpoint-url flag wins over them. */
  endpoints: Partial<Record<Service, string>>;
  mfaSerial: string | undefined;
}

/**
 * Everything an AWS call needs, resolved once the way the AWS CLI resolves it: profile, region,
 * credentials (the SDK's provider chain: env, shared files, SSO, credential_process, assume-role,
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
    const config = await readSharedConfig(env);
    const region = await resolveRegion(options.region, options.profile, env, config);
    if (!region) {
      throw new Error('no AWS region: pass --region, set AWS_REGION, or set region in your profile');
    }
    const profileName = profileNameOf(options.profile, env);
    // As the SDK's chain: env keys count only when no profile is named (flag or AWS_PROFILE).
    const envKeys = options.profile || env.AWS_PROFILE ? undefined : envCredentials(env);
    const endpoints: Partial<Record<Service, string>> = {};
    for (const service of Object.keys(SERVICE_IDS) as Service[]) {
      const url = configuredEndpoint(SERVICE_IDS[service], profileName, config, env);
      if (url) endpoints[service] = url;
    }
    return new AwsContext(
      region,
      options.profile || undefined,
      options.endpointUrl,
      networkOptionsFromEnv(env),
      options,
      {
        profileName,
        envKeys,
        paths: config.paths,
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

  /** Resolves credentials now, with a one-line explanation when that fails (e.g. expired SSO). */
  async credentials(): Promise<AwsCredentialIdentity> {
    const provider = await this.provider();
    try {
      return await provider();
    } catch (error) {
      throw explainCredentialError(error, this.settings.profileName);
    }
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

  /** Runs an SDK call and explains credential failures in one line. */
  async call<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw explainCredentialError(error, this.settings.profileName);
    }
  }

  /**
   * Static env keys, else the SDK's chain for the profile in use, with the shared files named
   * explicitly so the chain reads the files `env` points at. The profile is always named ("default"
   * included), which also keeps the chain from reading static keys from process.env.
   */
  private provider(): Promise<AwsCredentialIdentityProvider> {
    const { envKeys, profileName, paths } = this.settings;
    if (envKeys) {
      this.credentialProvider ??= Promise.resolve(async () => envKeys);
      return this.credentialProvider;
    }
    this.credentialProvider ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain({
        profile: profileName,
        filepath: paths.filepath,
        configFilepath: paths.configFilepath,
        logger: this.options.logger ?? SILENT_LOGGER,
        ...(this.options.mfaCodeProvider ? { mfaCodeProvider: this.options.mfaCodeProvider } : {}),
      }),
    );
    return this.credentialProvider;
  }

  private client<T>(service: Service, make: (config: Record<string, unknown>) => Promise<T>): Promise<T> {
    let client = this.clients.get(service) as Promise<T> | undefined;
    if (!client) {
      client = (async () => {
        const endpoint = this.endpointUrl ?? this.settings.endpoints[service];
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

/** The chain's own messages (e.g. its warning about AWS_PROFILE next to env keys) go nowhere by default. */
const SILENT_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
