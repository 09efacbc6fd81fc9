import type { AwsContext } from '../aws/aws-context.js';
import { throwIfAborted } from './client-error.js';
import type { InstanceRecord } from './instance-record.js';
import { listInstances, type ListError } from './list-instances.js';
import { matchTargets, parseTargetQuery, type TargetQuery } from './target-resolver.js';

/**
 * What resolveTarget() made of the user's text: how it was read, the candidate instances (one:
 * resolved; several: ask; none: not found), every instance listed (for a picker), and the
 * profile×regions that could not be listed.
 */
export interface TargetResolution {
  /** What the text was read as; undefined when no text was given. */
  query: TargetQuery | undefined;
  /** The instances the text may mean, best first. One = resolved; several = ask; none = not found. */
  candidates: InstanceRecord[];
  /** Every instance listed (for a picker); empty when the text was an instance id. */
  instances: InstanceRecord[];
  errors: ListError[];
}

/**
 * Turns what the user typed into instances. An instance id needs no listing and resolves at once (in
 * the first context's region); a Name tag, `tag:Key=Value` or a fuzzy query lists the instances of
 * every context and matches among those SSM manages (falling back to unmanaged ones, so the error
 * names the instance). Aborting `signal` rejects with a ClientError `aborted`.
 */
export async function resolveTarget(
  contexts: AwsContext[],
  text: string | undefined,
  options: { signal?: AbortSignal } = {},
): Promise<TargetResolution> {
  throwIfAborted(options.signal);
  const query = text === undefined || text.trim() === '' ? undefined : parseTargetQuery(text);
  if (query?.kind === 'id') {
    const context = contexts[0];
    return {
      query,
      candidates: [idOnlyRecord(query.instanceId, context?.region ?? '', context?.profile)],
      instances: [],
      errors: [],
    };
  }
  const listing = await listInstances(contexts, {
    cacheTtlMs: 0,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!query) {
    return {
      query,
      candidates: listing.instances.filter((i) => i.managed),
      instances: listing.instances,
      errors: listing.errors,
    };
  }
  const managed = listing.instances.filter((i) => i.managed);
  let candidates = matchTargets(query, managed);
  if (candidates.length === 0 && query.kind !== 'name') candidates = matchTargets(query, listing.instances);
  if (candidates.length === 0 && query.kind === 'name') {
    candidates = listing.instances.filter((i) => i.name === query.name);
  }
  return { query, candidates, instances: listing.instances, errors: listing.errors };
}

function idOnlyRecord(instanceId: string, region: string, profile: string | undefined): InstanceRecord {
  return {
    instanceId,
    name: undefined,
    tags: {},
    state: undefined,
    pingStatus: undefined,
    platformType: undefined,
    platformName: undefined,
    platformVersion: undefined,
    agentVersion: undefined,
    privateIpAddress: undefined,
    privateDnsName: undefined,
    instanceType: undefined,
    region,
    profile,
    managed: true,
  };
}
