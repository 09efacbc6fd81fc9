import { fuzzyFilter } from './fuzzy-match.js';
import type { InstanceRecord } from './instance-record.js';

/**
 * What the user typed as a target: an instance id (i-… or mi-…), `tag:Key=Value`, a Name tag, or
 * anything else as a fuzzy query. Exact forms win; fuzzy matching is the fallback.
 */
export type TargetQuery =
  | { kind: 'id'; instanceId: string }
  | { kind: 'tag'; key: string; value: string }
  | { kind: 'name'; name: string };

const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/;

/**
 * Reads what the user typed as a target, without calling AWS: an instance id (`i-…`, `mi-…`),
 * `tag:Key=Value`, or else a name, which matchTargets() matches exactly, case-insensitively, by prefix,
 * then fuzzily.
 */
export function parseTargetQuery(text: string): TargetQuery {
  const trimmed = text.trim();
  if (INSTANCE_ID.test(trimmed)) return { kind: 'id', instanceId: trimmed };
  const tag = /^tag:([^=]+)=(.*)$/.exec(trimmed);
  if (tag) return { kind: 'tag', key: tag[1] as string, value: tag[2] as string };
  return { kind: 'name', name: trimmed };
}

/** Candidates for a query among listed instances, best first. */
export function matchTargets(query: TargetQuery, instances: readonly InstanceRecord[]): InstanceRecord[] {
  switch (query.kind) {
    case 'id':
      return instances.filter((i) => i.instanceId === query.instanceId);
    case 'tag':
      return instances.filter((i) => i.tags[query.key] === query.value);
    case 'name': {
      const exact = instances.filter((i) => i.name === query.name);
      if (exact.length > 0) return exact;
      const folded = instances.filter((i) => i.name?.toLowerCase() === query.name.toLowerCase());
      if (folded.length > 0) return folded;
      const prefix = instances.filter((i) => i.name?.toLowerCase().startsWith(query.name.toLowerCase()));
      if (prefix.length > 0) return prefix;
      return fuzzyFilter(query.name, instances, (i) => `${i.name ?? ''} ${i.instanceId}`);
    }
  }
}
