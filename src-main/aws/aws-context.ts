import type { EC2Client } from '@aws-sdk/client-ec2';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Logger } from '@smithy/types';
import { explainCredentialError } from './credential-errors.js';
import { networkOptionsFromEnv, type NetworkOptions } from './network-options.js';
import { resolveRegion } from './shared-config.js';

export interface AwsContextOptions {
  /** Named profile; undefined = AWS_PROFILE or the default chain. */
  profile?: string;
  /** Region flag; otherwise env, then the profile's region. */
  region?: string;
  /** --endpoint-url: one endpoint for SSM, EC2 and KMS (e.g. the emulator). */
  endpointUrl?: string;
  /** Answers an MFA prompt for assume-role profiles with mfa_serial (a TTY prompt, or the app's dialog). */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  env?: NodeJS.ProcessEnv;
  /** Receives the SDK clients' log lines (requests and responses: the caller must redact secrets). */
  logger?: Logger;
}

type Service = 'ssm' | 'ec2' | 'kms';

/**
 * Everything an AWS call needs, resolved once the way the AWS CLI resolves it: profile, region,
 * credentials (the SDK's provider chain: env, shared files, SSO, credential_process, assume-role,
 * containers and instance metadata; refreshed before they expire), endpoints (flag, then the SDK's
 * AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and per-profile endpoint_url), proxy and CA bundle.
 * SDK modules are loaded on first use only.
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
  ) {}

  static async create(options: AwsContextOptions = {}): Promise<AwsContext> {
    const env = options.env ?? process.env;
    const region = await resolveRegion(options.region, options.profile, env);
    if (!region) {
      throw new Error('no AWS region: pass --region, set AWS_REGION, or set region in your profile');
    }
    return new AwsContext(
      region,
      options.profile || undefined,
      options.endpointUrl,
      networkOptionsFromEnv(env),
      options,
    );
  }

  /** The same identity in another region (for listings across regions). */
  inRegion(region: string): AwsContext {
    const other = new AwsContext(region, this.profile, this.endpointUrl, this.network, this.options);
    other.credentialProvider = this.credentialProvider;
    return other;
  }

  /** Resolves credentials now, with a one-line explanation when that fails (e.g. expired SSO). */
  async credentials(): Promise<AwsCredentialIdentity> {
    const provider = await this.provider();
    try {
      return await provider();
    } catch (error) {
      throw explainCredentialError(error, this.profile);
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
      throw explainCredentialError(error, this.profile);
    }
  }

  private provider(): Promise<AwsCredentialIdentityProvider> {
    this.credentialProvider ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
      fromNodeProviderChain({
        ...(this.profile ? { profile: this.profile } : {}),
        ...(this.options.mfaCodeProvider ? { mfaCodeProvider: this.options.mfaCodeProvider } : {}),
      }),
    );
    return this.credentialProvider;
  }

  private client<T>(service: Service, make: (config: Record<string, unknown>) => Promise<T>): Promise<T> {
    let client = this.clients.get(service) as Promise<T> | undefined;
    if (!client) {
      client = (async () => {
        const { NodeHttpHandler } = await import('@smithy/node-http-handler');
        const endpointForProxy = this.endpointUrl ?? `https://${service}.${this.region}.amazonaws.com`;
        const agent = this.network.agentFor(endpointForProxy);
        const requestHandler =
          agent || this.network.ca
            ? new NodeHttpHandler({
                ...(agent ? { httpAgent: agent, httpsAgent: agent } : {}),
                ...(this.network.ca && !agent
                  ? { httpsAgent: new (await import('node:https')).Agent({ ca: this.network.ca }) }
                  : {}),
              })
            : undefined;
        const provider = await this.provider();
        return make({
          region: this.region,
          credentials: provider,
          maxAttempts: 4,
          ...(this.options.logger ? { logger: this.options.logger } : {}),
          ...(this.endpointUrl ? { endpoint: this.endpointUrl } : {}),
          ...(requestHandler ? { requestHandler } : {}),
        });
      })();
      this.clients.set(service, client);
    }
    return client;
  }
}
