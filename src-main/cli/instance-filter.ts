import type { InstanceRecord } from '../client/instance-record.js';
import { globToRegExp } from '../client/glob-pattern.js';
import { UsageError } from './cli-errors.js';

export { globToRegExp };

export interface InstanceFilter {
  name?: string;
  tags: Array<{ key: string; value: string }>;
  state?: string;
  platform?: string;
}

/** `Key=Value` (Value may be empty or contain `=`; `*` globs are allowed in the value). */
export function parseTagFilter(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--tag must be Key=Value, got ${JSON.stringify(text)}`);
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * --state matches the EC2 state or the SSM ping status (running, stopped, online, connectionlost);
 * --platform matches the platform type or name (linux, windows, macos, "Ubuntu").
 */
export function matchesFilter(instance: InstanceRecord, filter: InstanceFilter): boolean {
  if (filter.name !== undefined) {
    const pattern = globToRegExp(filter.name);
    if (!pattern.test(instance.name ?? '') && !pattern.test(instance.instanceId)) return false;
  }
  for (const tag of filter.tags) {
    const actual = instance.tags[tag.key];
    if (actual === undefined || !globToRegExp(tag.value).test(actual)) return false;
  }
  if (filter.state !== undefined) {
    const wanted = filter.state.toLowerCase();
    if (instance.state?.toLowerCase() !== wanted && instance.pingStatus?.toLowerCase() !== wanted)
      return false;
  }
  if (filter.platform !== undefined) {
    const wanted = filter.platform.toLowerCase();
    const type = instance.platformType?.toLowerCase() ?? '';
    const name = instance.platformName?.toLowerCase() ?? '';
    if (type !== wanted && !name.includes(wanted)) return false;
  }
  return true;
}
