import type { InstanceRecord } from '../../src-shared/model/instance.js';
import type { ListError } from '../../src-shared/model/list-error.js';
import type { AwsContext } from '../aws/aws-context.js';
import { toErrorInfo } from './error-info.js';
import { throwIfAborted } from './client-error.js';

export type { ListError };

/**
 * What listInstances() found: every instance, sorted by name then id, and a ListError for each
 * profile×region that failed. A partial failure resolves; only an abort rejects.
 */
export interface ListResult {
  instances: InstanceRecord[];
  errors: ListError[];
}

/**
 * How listInstances() lists: how many profile×region listings run at once (default 4), a callback for
 * partial results, how long results are reused (default 30 s; 0 lists afresh) and a cancelling signal.
 */
export interface ListOptions {
  /** How many profile×region listings run at once. */
  concurrency?: number;
  /** Called as each profile×region completes, so callers can show partial results. */
  onPartial?(instances: InstanceRecord[], scope: { region: string; profile: string | undefined }): void;
  /** Reuse results younger than this (ms); 0 disables the cache. */
  cacheTtlMs?: number;
  /** Stops the listing: it rejects with a ClientError `aborted`, and requests in flight are aborted. */
  signal?: AbortSignal;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_CACHE_TTL_MS = 30_000;
const cache = new Map<string, { at: number; instances: InstanceRecord[] }>();

/**
 * Lists instances in every given profile×region: all pages of SSM DescribeInstanceInformation and EC2
 * DescribeInstances (the SDK's paginators), merged into one record per instance. A failing region is
 * reported in `errors` (with the AwsError's code) without hiding the others. Managed nodes that EC2
 * does not know (hybrid `mi-` nodes: DescribeInstances never returns them) are listed from SSM alone.
 */
export async function listInstances(scopes: AwsContext[], options: ListOptions = {}): Promise<ListResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const result: ListResult = { instances: [], errors: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < scopes.length && !signal?.aborted) {
      const context = scopes[next++] as AwsContext;
      const key = `${context.profile ?? ''}|${context.region}|${context.endpointUrl ?? ''}`;
      try {
        const cached = ttl > 0 ? cache.get(key) : undefined;
        const instances =
          cached && Date.now() - cached.at < ttl ? cached.instances : await listInScope(context, signal);
        if (ttl > 0) cache.set(key, { at: Date.now(), instances });
        result.instances.push(...instances);
        options.onPartial?.(instances, { region: context.region, profile: context.profile });
      } catch (error) {
        if (signal?.aborted) return;
        const { code, message } = toErrorInfo(error);
        result.errors.push({
          region: context.region,
          ...(context.profile !== undefined ? { profile: context.profile } : {}),
          code,
          message,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, scopes.length) }, worker));
  throwIfAborted(signal);
  result.instances.sort(
    (a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.instanceId.localeCompare(b.instanceId),
  );
  return result;
}

/** Forget cached listings (e.g. a refresh button). */
export function clearInstanceCache(): void {
  cache.clear();
}

async function listInScope(context: AwsContext, signal: AbortSignal | undefined): Promise<InstanceRecord[]> {
  const [managed, ec2] = await Promise.all([
    describeInstanceInformation(context, signal),
    describeInstances(context, signal),
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

async function describeInstanceInformation(
  context: AwsContext,
  signal: AbortSignal | undefined,
): Promise<InstanceRecord[]> {
  const { paginateDescribeInstanceInformation } = await import('@aws-sdk/client-ssm');
  const ssm = await context.ssm();
  const records: InstanceRecord[] = [];
  await context.call(
    async (send) => {
      for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 50 }, {}, send)) {
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
      }
    },
    { signal, operation: 'DescribeInstanceInformation' },
  );
  return records;
}

async function describeInstances(
  context: AwsContext,
  signal: AbortSignal | undefined,
): Promise<InstanceRecord[]> {
  const { paginateDescribeInstances } = await import('@aws-sdk/client-ec2');
  const ec2 = await context.ec2();
  const records: InstanceRecord[] = [];
  await context.call(
    async (send) => {
      for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {}, send)) {
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
      }
    },
    { signal, operation: 'DescribeInstances' },
  );
  return records;
}
