import type { EmulatedInstance, PlatformType } from '../model.js';

/** EC2 names private hosts differently in us-east-1 (the oldest region) than everywhere else. */
export function privateDnsFor(ip: string, region: string): string {
  const host = `ip-${ip.replaceAll('.', '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** A stable 10.x address from the instance id, so restarting the emulator keeps addresses. */
export function privateIpFor(instanceId: string): string {
  let hash = 0x811c9dc5;
  for (const char of instanceId) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `10.${(hash >>> 16) & 0xff}.${(hash >>> 8) & 0xff}.${Math.max(4, hash & 0xff)}`;
}

export const DEFAULT_PLATFORM_NAMES: Record<PlatformType, { name: string; version: string }> = {
  Linux: { name: 'Amazon Linux', version: '2023' },
  Windows: { name: 'Microsoft Windows Server 2022 Datacenter', version: '10.0.20348' },
  MacOS: { name: 'macOS', version: '14.5' },
};

export const CURRENT_AGENT_VERSION = '3.3.1611.0';

export interface InstanceSeed {
  instanceId: string;
  region: string;
  name?: string;
  tags?: Record<string, string>;
  platformType?: PlatformType;
  platformName?: string;
  platformVersion?: string;
  agentVersion?: string;
  online?: boolean;
  state?: EmulatedInstance['state'];
  instanceType?: string;
  privateIpAddress?: string;
  privateDnsName?: string;
  faults?: EmulatedInstance['faults'];
}

/** Fills the optional fields the way the config file documents them (docs/emulator.md). */
export function completeInstance(seed: InstanceSeed): EmulatedInstance {
  const platformType = seed.platformType ?? 'Linux';
  const platform = DEFAULT_PLATFORM_NAMES[platformType];
  const tags = { ...(seed.tags ?? {}) };
  if (seed.name !== undefined && tags.Name === undefined) tags.Name = seed.name;
  const privateIpAddress = seed.privateIpAddress ?? privateIpFor(seed.instanceId);
  const instance: EmulatedInstance = {
    instanceId: seed.instanceId,
    region: seed.region,
    tags,
    platformType,
    platformName: seed.platformName ?? platform.name,
    platformVersion: seed.platformVersion ?? platform.version,
    agentVersion: seed.agentVersion ?? CURRENT_AGENT_VERSION,
    online: seed.online ?? true,
    state: seed.state ?? 'running',
    instanceType: seed.instanceType ?? 't3.micro',
    privateIpAddress,
    privateDnsName: seed.privateDnsName ?? privateDnsFor(privateIpAddress, seed.region),
  };
  const name = seed.name ?? tags.Name;
  if (name !== undefined) instance.name = name;
  if (seed.faults !== undefined) instance.faults = seed.faults;
  return instance;
}
