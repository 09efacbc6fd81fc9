import type { EmulatedInstance, EmulatorConfig } from '../model.js';
import { defaultDatabases } from './databases.js';
import { completeInstance } from './instance-defaults.js';

export const DEFAULT_CALLER_ARN = 'arn:aws:iam::123456789012:user/demo';

/**
 * The inventory used when no config file is given: one instance per agent-version era the client
 * must handle (current, smux port mode, basic port mode, legacy), plus offline and Windows targets,
 * and a few RDS databases in us-east-1 to tunnel to.
 */
export function defaultEmulatorConfig(): EmulatorConfig {
  const instances: EmulatedInstance[] = [
    completeInstance({
      instanceId: 'i-0a1b2c3d4e5f60718',
      region: 'us-east-1',
      name: 'web-1',
      tags: { Env: 'prod', Role: 'web' },
      agentVersion: '3.3.1611.0',
      instanceType: 't3.small',
    }),
    completeInstance({
      instanceId: 'i-0b2c3d4e5f6071829',
      region: 'us-east-1',
      name: 'web-2',
      tags: { Env: 'prod', Role: 'web' },
      agentVersion: '3.1.1004.0',
      instanceType: 't3.small',
    }),
    completeInstance({
      instanceId: 'i-0c3d4e5f60718293a',
      region: 'us-east-1',
      name: 'db-primary',
      tags: { Env: 'prod', Role: 'db' },
      agentVersion: '3.0.161.0',
      platformName: 'Ubuntu',
      platformVersion: '22.04',
      instanceType: 'r6g.large',
    }),
    completeInstance({
      instanceId: 'i-0d4e5f60718293a4b',
      region: 'us-east-1',
      name: 'bastion',
      tags: { Env: 'shared', Role: 'bastion' },
      agentVersion: '2.3.672.0',
      platformName: 'Amazon Linux',
      platformVersion: '2',
    }),
    completeInstance({
      instanceId: 'i-0e5f60718293a4b5c',
      region: 'us-east-1',
      name: 'batch-worker',
      tags: { Env: 'staging', Role: 'batch' },
      online: false,
    }),
    completeInstance({
      instanceId: 'i-0f60718293a4b5c6d',
      region: 'eu-west-1',
      name: 'win-app',
      tags: { Env: 'prod', Role: 'app' },
      platformType: 'Windows',
      platformName: 'Microsoft Windows Server 2022 Datacenter',
      platformVersion: '10.0.20348',
      instanceType: 'm5.large',
    }),
    completeInstance({
      instanceId: 'i-0718293a4b5c6d7e8',
      region: 'eu-west-1',
      name: 'eu-api',
      tags: { Env: 'prod', Role: 'api' },
    }),
  ];
  return { instances, preferences: {}, callerArn: DEFAULT_CALLER_ARN, databases: defaultDatabases() };
}

/**
 * Deterministic filler instances for pagination tests: the same (region, seed) always gives the same
 * ids, so a test can page twice and compare.
 */
export function generateInstances(
  count: number,
  region: string,
  seed = 1,
  namePrefix = 'node',
): EmulatedInstance[] {
  let state = (seed ^ hashString(region)) >>> 0 || 1;
  const nextHex = (): string => {
    // xorshift32: tiny, seedable, good enough to make unique-looking ids.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state.toString(16).padStart(8, '0');
  };
  const seen = new Set<string>();
  const instances: EmulatedInstance[] = [];
  for (let index = 0; index < count; index++) {
    let id: string;
    do id = `i-0${nextHex()}${nextHex()}`.slice(0, 19);
    while (seen.has(id));
    seen.add(id);
    const ordinal = String(index + 1).padStart(4, '0');
    instances.push(
      completeInstance({
        instanceId: id,
        region,
        name: `${namePrefix}-${ordinal}`,
        tags: { Env: index % 3 === 0 ? 'prod' : 'dev', Generated: 'true' },
        // Every 10th instance offline and every 7th Windows, so filters have something to select.
        online: index % 10 !== 9,
        platformType: index % 7 === 6 ? 'Windows' : 'Linux',
      }),
    );
  }
  return instances;
}

function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (const char of value) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}
