import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultEmulatorConfig, generateInstances } from './default-inventory.js';
import { EmulatorConfigError, loadEmulatorConfig, parseEmulatorConfig } from './load-config.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function problem(value: unknown): string {
  try {
    parseEmulatorConfig(value, 'config.json');
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

const ok = { instanceId: 'i-0123456789abcdef0', region: 'us-east-1' };

describe('emulator config', () => {
  it('fills defaults for optional instance fields', () => {
    const config = loadEmulatorConfig(
      file('ok.json', JSON.stringify({ instances: [{ ...ok, name: 'app' }] })),
    );
    expect(config.instances[0]).toMatchObject({
      instanceId: ok.instanceId,
      name: 'app',
      tags: { Name: 'app' },
      state: 'running',
      online: true,
      platformType: 'Linux',
      instanceType: 't3.micro',
    });
    expect(config.instances[0]!.privateDnsName).toBe(
      `ip-${config.instances[0]!.privateIpAddress.replaceAll('.', '-')}.ec2.internal`,
    );
    expect(config.preferences).toEqual({});
    expect(config.callerArn).toBe('arn:aws:iam::123456789012:user/demo');
  });

  it('generates instances from the file', () => {
    const config = parseEmulatorConfig(
      { generate: [{ region: 'eu-west-1', count: 30, namePrefix: 'load' }] },
      'x',
    );
    expect(config.instances).toHaveLength(30);
    expect(config.instances[0]!.name).toBe('load-0001');
    expect(config.instances.every((i) => /^i-[0-9a-f]{17}$/.test(i.instanceId))).toBe(true);
  });

  it('names the offending field in one line', () => {
    const instances = [
      ok,
      { ...ok, instanceId: 'i-0123456789abcdef1' },
      { instanceId: 'i-0123456789abcdef2', region: 5 },
    ];
    expect(problem({ instances })).toBe('config.json: instances[2].region must be a string');
    expect(problem({ instances: [{ ...ok, instanceId: 'web-1' }] })).toContain(
      'instances[0].instanceId must be an instance id',
    );
    expect(problem({ instancez: [] })).toMatch(/^config\.json: instancez is not a known setting/);
    expect(problem({ faults: { dropPercent: 101 } })).toBe(
      'config.json: faults.dropPercent must be between 0 and 100',
    );
    expect(problem({ throttleRate: 2 })).toBe('config.json: throttleRate must be between 0 and 1');
    expect(problem({ instances: [{ ...ok, online: 'yes' }] })).toBe(
      'config.json: instances[0].online must be true or false',
    );
    expect(problem({ instances: [{ ...ok, platformType: 'BeOS' }] })).toContain(
      'instances[0].platformType must be one of',
    );
    expect(problem({ instances: [ok, ok] })).toBe(
      'config.json: instances[1].instanceId duplicates i-0123456789abcdef0',
    );
    expect(problem([])).toBe('config.json: (top level) must be an object');
    expect(problem({ preferences: { kmsKeyId: 7 } })).toBe(
      'config.json: preferences.kmsKeyId must be a string',
    );
  });

  it('reports unreadable files and bad JSON as one line', () => {
    expect(() => loadEmulatorConfig(join(dir, 'absent.json'))).toThrow(
      /absent\.json: cannot read the file \(ENOENT\)/,
    );
    const bad = file('bad.json', '{"instances": [');
    expect(() => loadEmulatorConfig(bad)).toThrow(
      new RegExp(`^${bad.replaceAll('.', '\\.')}: not valid JSON`),
    );
  });

  it('default inventory and generated instances are well-formed and deterministic', () => {
    const config = defaultEmulatorConfig();
    // Instances round-trip through the config format (databases are given as seeds, not records).
    expect(
      parseEmulatorConfig(JSON.parse(JSON.stringify({ instances: config.instances })), 'round-trip')
        .instances,
    ).toEqual(config.instances);
    expect(config.instances.filter((i) => !i.online)).toHaveLength(1);
    expect(generateInstances(50, 'us-east-1', 9)).toEqual(generateInstances(50, 'us-east-1', 9));
    expect(generateInstances(5, 'us-east-1', 9)[0]!.instanceId).not.toBe(
      generateInstances(5, 'eu-west-1', 9)[0]!.instanceId,
    );
  });
});
