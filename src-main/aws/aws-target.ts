import { sdkRequestHandler, type NetworkOptions } from './network-options.js';

/** Where and as whom AWS API calls go: region, named profile and an optional endpoint override. */
export interface AwsTarget {
  region: string;
  /** Named profile from the shared config files; undefined or '' = the default chain. */
  profile?: string;
  /** Endpoint override (e.g. the emulator, or --endpoint-url); undefined = the SDK's own resolution. */
  endpoint?: string;
  /** HTTPS_PROXY / NO_PROXY / AWS_CA_BUNDLE, as the Go plugin's SDK takes them from the environment. */
  network?: NetworkOptions;
}

/** SDK v3 client configuration for a target. The Go plugin's SDK retries 3 times (spec §8). */
export async function sdkClientConfig(
  target: AwsTarget,
  service: 'ssm' | 'kms',
): Promise<{
  region: string;
  profile?: string;
  endpoint?: string;
  maxAttempts: number;
  requestHandler?: Awaited<ReturnType<typeof sdkRequestHandler>>;
}> {
  const requestHandler = target.network
    ? await sdkRequestHandler(
        target.network,
        target.endpoint ?? `https://${service}.${target.region}.amazonaws.com`,
      )
    : undefined;
  return {
    region: target.region,
    maxAttempts: 4,
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(requestHandler ? { requestHandler } : {}),
  };
}
