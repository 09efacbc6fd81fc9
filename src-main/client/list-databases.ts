import type { DatabaseRecord } from '../../src-shared/model/database.js';
import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { AwsContext } from '../aws/aws-context.js';
import { throwIfAborted } from './client-error.js';
import { toErrorInfo } from './error-info.js';

export type { DatabaseRecord };

/** A profile×region whose listing failed; the others are still listed. */
export interface DatabaseListError {
  profile: string;
  region: string;
  error: ErrorInfo;
}

/**
 * What listDatabases() found: the databases sorted by profile, region and identifier, and a
 * DatabaseListError for each profile×region that failed. A partial failure resolves; only an abort rejects.
 */
export interface DatabaseListResult {
  databases: DatabaseRecord[];
  errors: DatabaseListError[];
}

/**
 * How listDatabases() lists: a cancelling signal and how many profile×region listings run at once
 * (default 4). Nothing is cached, unlike listInstances().
 */
export interface DatabaseListOptions {
  /** Stops the listing: it rejects with a ClientError `aborted`, and requests in flight are aborted. */
  signal?: AbortSignal;
  /** How many profile×region listings run at once (default 4). */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 4;
/** RDS's largest page (MaxRecords 20..100). */
const PAGE_SIZE = 100;

/**
 * The RDS databases a tunnel can reach, in every given profile×region: all pages of
 * DescribeDBClusters and DescribeDBInstances. One record per cluster (its writer endpoint: Aurora and
 * Multi-AZ clusters are reached through the cluster endpoint, which follows a failover) and per
 * standalone instance. A cluster's member instances are not listed as rows of their own, unless their
 * cluster was not listed. Instances without an endpoint yet (still being created) are left out. A
 * failing profile×region is reported in `errors` with its code and does not hide the others.
 */
export async function listDatabases(
  contexts: AwsContext[],
  options: DatabaseListOptions = {},
): Promise<DatabaseListResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const result: DatabaseListResult = { databases: [], errors: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < contexts.length && !signal?.aborted) {
      const context = contexts[next++] as AwsContext;
      try {
        result.databases.push(...(await listInScope(context, signal)));
      } catch (error) {
        if (signal?.aborted) return;
        result.errors.push({
          profile: context.profileName,
          region: context.region,
          error: toErrorInfo(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, contexts.length) }, worker));
  throwIfAborted(signal);
  result.databases.sort(
    (a, b) =>
      a.profile.localeCompare(b.profile) ||
      a.region.localeCompare(b.region) ||
      a.identifier.localeCompare(b.identifier) ||
      a.kind.localeCompare(b.kind),
  );
  return result;
}

async function listInScope(context: AwsContext, signal: AbortSignal | undefined): Promise<DatabaseRecord[]> {
  const { paginateDescribeDBClusters, paginateDescribeDBInstances } = await import('@aws-sdk/client-rds');
  const rds = await context.rds();
  const scope = { profile: context.profileName, region: context.region };
  const clusters: DatabaseRecord[] = [];
  const instances: Array<DatabaseRecord & { cluster: string | undefined }> = [];
  await Promise.all([
    context.call(
      async (send) => {
        const pages = paginateDescribeDBClusters({ client: rds, pageSize: PAGE_SIZE }, {}, send);
        for await (const page of pages) {
          for (const cluster of page.DBClusters ?? []) {
            if (!cluster.DBClusterIdentifier || !cluster.Endpoint || cluster.Port === undefined) continue;
            clusters.push({
              ...scope,
              identifier: cluster.DBClusterIdentifier,
              kind: 'cluster',
              engine: cluster.Engine ?? '',
              endpoint: cluster.Endpoint,
              port: cluster.Port,
              ...(cluster.Status ? { status: cluster.Status } : {}),
            });
          }
        }
      },
      { signal, operation: 'DescribeDBClusters' },
    ),
    context.call(
      async (send) => {
        const pages = paginateDescribeDBInstances({ client: rds, pageSize: PAGE_SIZE }, {}, send);
        for await (const page of pages) {
          for (const instance of page.DBInstances ?? []) {
            const address = instance.Endpoint?.Address;
            const port = instance.Endpoint?.Port ?? instance.DbInstancePort;
            if (!instance.DBInstanceIdentifier || !address || port === undefined) continue;
            instances.push({
              ...scope,
              identifier: instance.DBInstanceIdentifier,
              kind: 'instance',
              engine: instance.Engine ?? '',
              endpoint: address,
              port,
              ...(instance.DBInstanceStatus ? { status: instance.DBInstanceStatus } : {}),
              cluster: instance.DBClusterIdentifier,
            });
          }
        }
      },
      { signal, operation: 'DescribeDBInstances' },
    ),
  ]);
  const listedClusters = new Set(clusters.map((cluster) => cluster.identifier));
  const standalone = instances
    .filter((instance) => instance.cluster === undefined || !listedClusters.has(instance.cluster))
    .map(({ cluster: _cluster, ...record }) => record);
  return [...clusters, ...standalone];
}
