/** Where and as whom AWS API calls go: region, named profile and an optional endpoint override. */
export interface AwsTarget {
  region: string;
  /** Named profile from the shared config files; undefined or '' = the default chain. */
  profile?: string;
  /** Endpoint override (e.g. the emulator, or --endpoint-url); undefined = the SDK's own resolution. */
  endpoint?: string;
}

/** SDK v3 client configuration for a target. The Go plugin's SDK retries 3 times (spec §8). */
export function sdkClientConfig(target: AwsTarget): {
  region: string;
  profile?: string;
  endpoint?: string;
  maxAttempts: number;
} {
  return {
    region: target.region,
    maxAttempts: 4,
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
  };
}
