import { isConnectable, type InstanceRecord } from '../../../src-shared/model/instance';
import {
  EMULATOR_PROFILE_ID,
  EMULATOR_PROFILE_LABEL,
  type ProfileInfo,
} from '../../../src-shared/model/profile';
import { targetKey, type TargetRef } from '../../../src-shared/model/target';
import type { InventoryState } from './inventory-state';

/** SSM's ping status, with instances SSM does not manage as their own kind. */
export type PingKind = 'Online' | 'ConnectionLost' | 'Inactive' | 'Unmanaged';

/** One instance as the grid shows it: the record plus what sorting and searching need, computed once. */
export interface InstanceRow {
  key: string;
  target: TargetRef;
  record: InstanceRecord;
  /** The Name tag, or the instance id: the row's accessible name and the tab title. */
  displayName: string;
  profileLabel: string;
  platform: string;
  ping: PingKind;
  /** Tags other than Name, as Key=Value. */
  tags: readonly string[];
  connectable: boolean;
  /** Everything searchable, lower-cased. */
  haystack: string;
}

export function pingKind(record: InstanceRecord): PingKind {
  if (!record.managed) return 'Unmanaged';
  if (record.pingStatus === 'Online' || record.pingStatus === 'ConnectionLost') return record.pingStatus;
  return 'Inactive';
}

/** Profile id → the label it is shown by: what profileLabel and buildRows read. */
export function profileLabels(profiles: readonly ProfileInfo[]): Map<string, string> {
  return new Map(profiles.map((p) => [p.id, p.label]));
}

export function profileLabel(profile: string, labels: ReadonlyMap<string, string>): string {
  return labels.get(profile) ?? (profile === EMULATOR_PROFILE_ID ? EMULATOR_PROFILE_LABEL : profile);
}

function describePlatform(record: InstanceRecord): string {
  if (record.platformName) {
    return record.platformVersion ? `${record.platformName} ${record.platformVersion}` : record.platformName;
  }
  return record.platformType ?? '';
}

export function buildRows(inventory: InventoryState, labels: ReadonlyMap<string, string>): InstanceRow[] {
  const rows: InstanceRow[] = [];
  for (const [scope, records] of inventory.rows) {
    const scopeProfile = scope.slice(0, scope.lastIndexOf('|'));
    for (const record of records) {
      const target: TargetRef = {
        profile: record.profile ?? scopeProfile,
        region: record.region,
        instanceId: record.instanceId,
      };
      const tags = Object.entries(record.tags)
        .filter(([key]) => key !== 'Name')
        .map(([key, value]) => `${key}=${value}`)
        .sort();
      const label = profileLabel(target.profile, labels);
      const platform = describePlatform(record);
      const ping = pingKind(record);
      const displayName = record.name || record.instanceId;
      const haystack = [
        displayName,
        record.instanceId,
        record.state,
        ping === 'ConnectionLost' ? 'connection lost' : ping,
        platform,
        record.platformType,
        record.agentVersion,
        record.privateIpAddress,
        record.privateDnsName,
        record.instanceType,
        target.region,
        target.profile,
        label,
        ...tags,
      ]
        .filter(Boolean)
        .join('\n')
        .toLowerCase();
      rows.push({
        key: targetKey(target),
        target,
        record,
        displayName,
        profileLabel: label,
        platform,
        ping,
        tags,
        connectable: isConnectable(record),
        haystack,
      });
    }
  }
  return rows;
}
