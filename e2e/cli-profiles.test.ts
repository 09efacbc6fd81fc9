import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';

// Issue 4 §a: each kind of profile lists instances through the built CLI, or fails with one clear line.
describe('ssm-desk ls with each kind of AWS profile', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  const ls = (profile: string) =>
    runCli(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', profile, '--json', '--log-level', 'debug'],
      home.env,
    );

  for (const profile of ['static', 'assumer', 'proc', 'sso']) {
    it(`${profile}: lists the us-east-1 instances`, async () => {
      const result = await ls(profile);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // never a stack trace
      expect(result.code, result.stderr).toBe(0);
      const records = JSON.parse(result.stdout) as Array<{
        instanceId: string;
        name?: string;
        profile?: string;
      }>;
      expect(records.map((r) => r.name).sort()).toEqual([
        'bastion',
        'batch-worker',
        'db-primary',
        'web-1',
        'web-2',
      ]);
      expect(records.every((r) => r.profile === profile)).toBe(true);
    });
  }

  it('the assume-role profile really assumed the role (the session owner is the role)', async () => {
    const result = await runCli(
      ['exec', 'web-1', '--endpoint-url', emulator.endpoint, '--profile', 'assumer', '--', 'true'],
      home.env,
    );
    expect(result.code, result.stderr).toBe(0);
    const owners = emulator.sessions.list().map((s) => s.owner);
    expect(owners.some((o) => o.includes('assumed-role/E2EAdmin/'))).toBe(true);
  });

  it('an expired SSO token says to run aws sso login, in one line, exit 1', async () => {
    const result = await runCli(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', 'sso-expired'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('run "aws sso login --profile sso-expired"');
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('ssm-desk:')),
    ).toHaveLength(1);
  });

  it('an unknown profile is one clear line, not a stack trace', async () => {
    const result = await ls('nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^ssm-desk: .*nope/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
