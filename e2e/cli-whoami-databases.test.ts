import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';

// The CLI's faces of two library functions the desktop app shows too: callerIdentity (whoami) and
// listDatabases (databases), through the built CLI against the emulator.
describe('ssm-desk whoami and databases', () => {
  let emulator: Emulator;
  let home: CliHome;
  const scope = (profile: string): string[] => ['--endpoint-url', emulator.endpoint, '--profile', profile];

  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  it('whoami: the identity of long-term keys, and of an assumed role with its expiry', async () => {
    const user = await runCli(['whoami', ...scope('static')], home.env);
    expect(user.code, user.stderr).toBe(0);
    expect(user.stdout).toMatch(
      /^profile {3}static\naccount {3}123456789012\narn {7}arn:aws:iam::123456789012:user\/demo\nuser id {3}AIDA\w+\nexpires {3}never \(long-term keys\)\n$/,
    );

    const role = await runCli(['whoami', ...scope('assumer'), '--json'], home.env);
    expect(role.code, role.stderr).toBe(0);
    const identity = JSON.parse(role.stdout) as Record<string, string>;
    expect(identity).toMatchObject({
      profile: 'assumer',
      account: '123456789012',
      arn: expect.stringMatching(/^arn:aws:sts::123456789012:assumed-role\/E2EAdmin\//),
      userId: expect.stringMatching(/^AROA\w+:/),
    });
    expect(Date.parse(identity.expiresAt!) - Date.now()).toBeGreaterThan(50 * 60_000);
  });

  it('whoami with an expired SSO token is one line that says to sign in, exit 1', async () => {
    const result = await runCli(['whoami', ...scope('sso-expired')], home.env);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toMatch(/^ssm-desk: .*run "ssm-desk login --profile sso-expired"/);
  });

  it('databases: the default inventory, one row per cluster and standalone instance', async () => {
    const table = await runCli(['databases', ...scope('static')], home.env);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^IDENTIFIER\s+KIND\s+ENGINE\s+ENDPOINT\s+PORT\s+STATUS$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['analytics', 'cluster', 'aurora-postgresql'],
      ['inventory-mysql', 'instance', 'mysql'],
      ['orders-db', 'instance', 'postgres'],
    ]);

    emulator.setRegionFailure('ap-south-1', 'AccessDenied');
    try {
      const json = await runCli(
        ['databases', ...scope('static'), '--region', 'us-east-1,ap-south-1', '--json'],
        home.env,
      );
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as Array<{ identifier: string }>).map((d) => d.identifier)).toEqual([
        'analytics',
        'inventory-mysql',
        'orders-db',
      ]);
      expect(json.stderr).toMatch(/^ssm-desk: ap-south-1: .*not authorized/);
    } finally {
      emulator.setRegionFailure('ap-south-1', undefined);
    }
  });
});
