import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredEndpoint, mfaSerialFor, readSharedConfig, sharedConfigPaths } from './shared-config.js';

describe('shared config read through a given env', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'ssm-desk-shared-config-'));
    mkdirSync(join(home, '.aws'));
    mkdirSync(join(home, 'elsewhere'));
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[default]',
        'region = us-west-2',
        '[profile base]',
        'region = us-east-1',
        '[profile mfa]',
        'role_arn = arn:aws:iam::111122223333:role/Admin',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::111122223333:mfa/alice',
        '[profile chained]',
        'role_arn = arn:aws:iam::111122223333:role/Deeper',
        'source_profile = mfa',
        '[profile keyed-role]',
        'role_arn = arn:aws:iam::111122223333:role/Other',
        'source_profile = keyed',
        '[profile keyed]',
        'role_arn = arn:aws:iam::111122223333:role/NotAssumed',
        'mfa_serial = arn:aws:iam::111122223333:mfa/ignored',
        '[profile loop-a]',
        'role_arn = arn:aws:iam::111122223333:role/A',
        'source_profile = loop-b',
        '[profile loop-b]',
        'role_arn = arn:aws:iam::111122223333:role/B',
        'source_profile = loop-a',
        '[profile svc]',
        'services = local',
        'endpoint_url = http://profile.example',
        '[profile ignoring]',
        'endpoint_url = http://profile.example',
        'ignore_configured_endpoint_urls = true',
        '[profile broken]',
        'services = nowhere',
        '[services local]',
        'ssm =',
        '  endpoint_url = http://ssm.local.example',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[base]\naws_access_key_id = A\naws_secret_access_key = B\n[keyed]\naws_access_key_id = C\naws_secret_access_key = D\n',
    );
    writeFileSync(join(home, 'elsewhere', 'config'), '[profile moved]\nregion = sa-east-1\n');
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('finds the files from HOME and the AWS_* variables of env, with ~ expanded', async () => {
    expect(sharedConfigPaths({ HOME: home })).toEqual({
      filepath: join(home, '.aws', 'credentials'),
      configFilepath: join(home, '.aws', 'config'),
    });
    const moved = await readSharedConfig({ HOME: home, AWS_CONFIG_FILE: '~/elsewhere/config' });
    expect(moved.paths.configFilepath).toBe(join(home, 'elsewhere', 'config'));
    expect(moved.profiles.get('moved')?.region).toBe('sa-east-1');
    expect(moved.profiles.has('mfa')).toBe(false);
  });

  it('knows which profiles will ask for an MFA code, following source_profile as the SDK does', async () => {
    const config = await readSharedConfig({ HOME: home });
    expect(mfaSerialFor('mfa', config)).toBe('arn:aws:iam::111122223333:mfa/alice');
    expect(mfaSerialFor('chained', config)).toBe('arn:aws:iam::111122223333:mfa/alice');
    // A source profile with static keys gives its keys: its role (and mfa_serial) is not used.
    expect(mfaSerialFor('keyed-role', config)).toBeUndefined();
    expect(mfaSerialFor('base', config)).toBeUndefined();
    expect(mfaSerialFor('loop-a', config)).toBeUndefined();
    expect(mfaSerialFor('absent', config)).toBeUndefined();
  });

  it('resolves configured endpoints in the SDK’s order, for the profile in use', async () => {
    const config = await readSharedConfig({ HOME: home });
    const env = { HOME: home };
    expect(configuredEndpoint('SSM', 'svc', config, env)).toBe('http://ssm.local.example');
    expect(configuredEndpoint('EC2', 'svc', config, env)).toBe('http://profile.example');
    expect(configuredEndpoint('KMS', 'base', config, env)).toBeUndefined();
    expect(configuredEndpoint('SSM', 'ignoring', config, env)).toBeUndefined();
    const withEnv = {
      ...env,
      AWS_ENDPOINT_URL: 'http://all.example',
      AWS_ENDPOINT_URL_KMS: 'http://kms.example',
    };
    expect(configuredEndpoint('KMS', 'svc', config, withEnv)).toBe('http://kms.example');
    expect(configuredEndpoint('SSM', 'svc', config, withEnv)).toBe('http://all.example');
    expect(
      configuredEndpoint('SSM', 'svc', config, { ...withEnv, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
    ).toBeUndefined();
    expect(
      configuredEndpoint('SSM', 'ignoring', config, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' }),
    ).toBe('http://profile.example');
    expect(() => configuredEndpoint('SSM', 'broken', config, env)).toThrow(
      /profile broken names services nowhere, but .* has no \[services nowhere\] section/,
    );
  });
});
