import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from './instance-record.js';
import { selectFleetTargets } from './fleet-targets.js';

function instance(
  instanceId: string,
  name: string | undefined,
  tags: Record<string, string>,
  extra: Partial<InstanceRecord> = {},
): InstanceRecord {
  return {
    instanceId,
    name,
    tags,
    state: 'running',
    pingStatus: 'Online',
    platformType: 'Linux',
    platformName: undefined,
    platformVersion: undefined,
    agentVersion: '3.3.1611.0',
    privateIpAddress: undefined,
    privateDnsName: undefined,
    instanceType: undefined,
    region: 'us-east-1',
    profile: undefined,
    managed: true,
    ...extra,
  };
}

const FLEET = [
  instance('i-00000000000000001', 'web-1', { Role: 'web' }),
  instance('i-00000000000000002', 'web-2', { Role: 'web' }),
  instance('i-00000000000000003', 'web-10', { Role: 'webhook' }),
  instance('i-00000000000000004', 'db-1', { Role: 'db' }),
  instance('i-00000000000000005', 'web-3', { Role: 'web' }, { pingStatus: 'ConnectionLost' }),
  instance('i-00000000000000006', 'web-4', { Role: 'web' }, { managed: false, pingStatus: undefined }),
  // The same instance listed a second time (through another profile of the same account).
  instance('i-00000000000000001', 'web-1', { Role: 'web' }, { profile: 'other' }),
];

const ids = (records: InstanceRecord[]): string[] => records.map((r) => r.name ?? r.instanceId);

describe('selectFleetTargets', () => {
  it('tag:Key=Value matches exactly, or as a glob; only online managed instances run, the others are skipped', () => {
    const selection = selectFleetTargets(['tag:Role=web'], FLEET);
    expect(ids(selection.targets)).toEqual(['web-1', 'web-2']);
    expect(ids(selection.skipped)).toEqual(['web-3', 'web-4']);
    expect(ids(selectFleetTargets(['tag:Role=web*'], FLEET).targets)).toEqual(['web-1', 'web-2', 'web-10']);
  });

  it('a name is exact (any case), never fuzzy; a glob matches names and ids', () => {
    expect(ids(selectFleetTargets(['WEB-1'], FLEET).targets)).toEqual(['web-1']);
    expect(ids(selectFleetTargets(['web'], FLEET).targets)).toEqual([]);
    expect(ids(selectFleetTargets(['web-?'], FLEET).targets)).toEqual(['web-1', 'web-2']);
    expect(ids(selectFleetTargets(['i-0000000000000000[24]'], FLEET).targets)).toEqual(['web-2', 'db-1']);
  });

  it('several terms select the union, each instance once, in listing order', () => {
    const selection = selectFleetTargets(['db-1', 'i-00000000000000002', 'tag:Role=web'], FLEET);
    expect(ids(selection.targets)).toEqual(['web-1', 'web-2', 'db-1']);
  });
});
