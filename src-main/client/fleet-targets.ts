import { globToRegExp } from './glob-pattern.js';
import type { InstanceRecord } from './instance-record.js';
import { parseTargetQuery } from './target-resolver.js';

/** The instances a fleet command runs on, and those that matched but cannot take a session now. */
export interface FleetSelection {
  /** Managed by SSM and online, in listing order, each instance once. */
  targets: InstanceRecord[];
  /** Matched, but not managed or not online (their ping status or EC2 state says why). */
  skipped: InstanceRecord[];
}

/**
 * The instances a fleet command means, from target terms in the target query syntax
 * (target-resolver.ts), each term exact rather than fuzzy, since a command runs on everything that
 * matches: an instance id (`i-…`, `mi-…`); `tag:Key=Value` (the value may be a glob: `tag:Role=web*`);
 * anything else a Name tag, or a glob over Name tags and ids (`web-*`), without regard to case. Several
 * terms select every instance any of them matches. An instance listed through several profiles or
 * contexts counts once (by region and id).
 */
export function selectFleetTargets(
  terms: readonly string[],
  instances: readonly InstanceRecord[],
): FleetSelection {
  const matchers = terms.map(termMatcher);
  const seen = new Set<string>();
  const selection: FleetSelection = { targets: [], skipped: [] };
  for (const instance of instances) {
    if (!matchers.some((matches) => matches(instance))) continue;
    const key = `${instance.region}/${instance.instanceId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    (instance.managed && instance.pingStatus === 'Online' ? selection.targets : selection.skipped).push(
      instance,
    );
  }
  return selection;
}

function termMatcher(term: string): (instance: InstanceRecord) => boolean {
  const query = parseTargetQuery(term);
  switch (query.kind) {
    case 'id':
      return (instance) => instance.instanceId === query.instanceId;
    case 'tag': {
      const value = globToRegExp(query.value);
      return (instance) => {
        const actual = instance.tags[query.key];
        return actual !== undefined && value.test(actual);
      };
    }
    case 'name': {
      const pattern = globToRegExp(query.name);
      return (instance) => pattern.test(instance.name ?? '') || pattern.test(instance.instanceId);
    }
  }
}
