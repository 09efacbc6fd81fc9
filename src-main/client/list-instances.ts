import type { AwsContext } from '../aws/aws-context.js';
import type { InstanceRecord } from './instance-record.js';

export interface ListScope {
  context: AwsContext;
}

export interface ListError {
  region: string;
  profile: string | undefined;
  message: string;
}

export interface ListResult {
  instances: InstanceRecord[];
  errors: ListError[];
}

export interface ListOptions {
  /** How many profile×region listings run at once. */
  concurrency?: number;
  /** Called as each profile×region completes, so callers can show partial results. */
  onPartial?(instances: InstanceRecord[], scope: { region: string; profile: string | undefined }): void;
  /** Reuse results younger than this (ms); 0 disables the cache. */
  cacheTtlMs?: number;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_CACHE_TTL_MS = 30_000;
const cache = new Map<string, { at: number; instances: InstanceRecord[] }>();

/**
 * Lists instances in every given profile×region: all pages of SSM DescribeInstanceInformation and EC2
 * DescribeInstances, merged into one record per instance. A failing region is reported in `errors`
 * without hiding the others.
 */
export async function listInstances(scopes: AwsContext[], options: ListOptions = {}): Promise<ListResult> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const result: ListResult = { instances: [], errors: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scopes.length) {
      const context = scopes[next++] as AwsContext;
      const key = `${context.profile ?? ''}|${context.region}|${context.endpointUrl ?? ''}`;
      try {
        const cached = ttl > 0 ? cache.get(key) : undefined;
        const instances =
          cached && Date.now() - cached.at < ttl ? cached.instances : await listInScope(context);
        if (ttl > 0) cache.set(key, { at: Date.now(), instances });
        result.instances.push(...instances);
        options.onPartial?.(instances, { region: context.region, profile: context.profile });
      } catch (error) {
        result.errors.push({ region: context.region, profile: context.profile, message: oneLine(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, scopes.length) }, worker));
  result.instances.sort(
    (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.instanceId.localeCompare(b.instanceId),
  );
  return result;
}

/** Forget cached listings (e.g. a refresh button). */
export function clearInstanceCache(): void {
  cache.clear();
}

async function listInScope(context: AwsContext): Promise<InstanceRecord[]> {
  const [managed, ec2] = await Promise.all([
    describeInstanceInformation(context),
    describeInstances(context),
  ]);
  const records = new Map<string, InstanceRecord>();
  for (const instance of ec2) records.set(instance.instanceId, instance);
  for (const info of managed) {
    const existing = records.get(info.instanceId);
    records.set(
      info.instanceId,
      existing
        ? {
            ...existing,
            managed: true,
            pingStatus: info.pingStatus,
            agentVersion: info.agentVersion,
            platformType: info.platformType ?? existing.platformType,
            platformName: info.platformName,
            platformVersion: info.platformVersion,
            name: existing.name ?? info.name,
          }
        : info,
    );
  }
  return [...records.values()];
}

async function describeInstanceInformation(context: AwsContext): Promise<InstanceRecord[]> {
  const { DescribeInstanceInformationCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const records: InstanceRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await context.call(() =>
      ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: nextToken })),
    );
    for (const info of page.InstanceInformationList ?? []) {
      if (!info.InstanceId) continue;
      records.push({
        instanceId: info.InstanceId,
        name: info.ComputerName || undefined,
        tags: {},
        state: undefined,
        pingStatus: info.PingStatus,
        platformType: info.PlatformType,
        platformName: info.PlatformName,
        platformVersion: info.PlatformVersion,
        agentVersion: info.AgentVersion,
        privateIpAddress: info.IPAddress,
        privateDnsName: undefined,
        instanceType: undefined,
        region: context.region,
        profile: context.profile,
        managed: true,
      });
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return records;
}

async function describeInstances(context: AwsContext): Promise<InstanceRecord[]> {
  const { DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.ec2();
  const records: InstanceRecord[] = [];
  let nextToken: string | undefined;
  do {
    const page = await context.call(() =>
      ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken: nextToken })),
    );
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (!instance.InstanceId) continue;
        const tags = Object.fromEntries(
          (instance.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? '']),
        );
        records.push({
          instanceId: instance.InstanceId,
          name: tags.Name,
          tags,
          state: instance.State?.Name,
          pingStatus: undefined,
          platformType: String(instance.Platform ?? '').toLowerCase() === 'windows' ? 'Windows' : 'Linux',
          platformName: undefined,
          platformVersion: undefined,
          agentVersion: undefined,
          privateIpAddress: instance.PrivateIpAddress,
          privateDnsName: instance.PrivateDnsName,
          instanceType: instance.InstanceType,
          region: context.region,
          profile: context.profile,
          managed: false,
        });
      }
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return records;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
