import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { generateInstances } from '../src-main/emulator/inventory/default-inventory.js';
import { CLI_MAIN, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';

const run = promisify(execFile);

interface Row {
  instanceId: string;
  name?: string;
  region: string;
  pingStatus?: string;
  platformType?: string;
  tags: Record<string, string>;
}

// Issue 4 §b: 1,200 generated instances over two regions: every page of both APIs, filters, --json.
describe('ssm-desk ls across two regions with 1,200 instances', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator((config) => {
      config.instances.push(
        ...generateInstances(600, 'us-east-1', 7, 'load'),
        ...generateInstances(600, 'eu-west-1', 7, 'euload'),
      );
    });
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  const ls = (...args: string[]) =>
    runCli(['ls', '--endpoint-url', emulator.endpoint, '--profile', 'static', ...args], home.env);

  it('--json lists every instance of both regions once', async () => {
    const result = await ls('--region', 'us-east-1,eu-west-1', '--json');
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Row[];
    expect(rows).toHaveLength(1207);
    expect(new Set(rows.map((r) => r.instanceId)).size).toBe(1207);
    expect(rows.filter((r) => r.region === 'eu-west-1')).toHaveLength(602);
    // Both views merged: generated instances carry EC2 tags and SSM ping status.
    const load = rows.find((r) => r.name === 'load-0001');
    expect(load?.pingStatus).toBeDefined();
    expect(load?.tags.Name).toBe('load-0001');
  });

  it('the table has the documented columns, no colours on a pipe', async () => {
    const result = await ls('--region', 'us-east-1', '--region', 'eu-west-1');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+PING\s+PLATFORM\s+AGENT\s+PRIVATE IP\s+REGION$/);
    expect(lines).toHaveLength(1208);
    expect(result.stdout).not.toContain('\u001b[');
    expect(result.stderr).toBe(''); // no spinner on a non-TTY stderr
  });

  it('filters: --name glob, --tag, --state, --platform', async () => {
    const byName = JSON.parse(
      (await ls('--region', 'us-east-1,eu-west-1', '--name', 'euload-00[01]?', '--json')).stdout,
    ) as Row[];
    expect(byName.map((r) => r.name).sort()).toEqual(
      Array.from({ length: 19 }, (_, i) => `euload-${String(i + 1).padStart(4, '0')}`),
    );
    const byTag = JSON.parse(
      (await ls('--region', 'us-east-1', '--tag', 'Name=web-*', '--json')).stdout,
    ) as Row[];
    expect(byTag.map((r) => r.name).sort()).toEqual(['web-1', 'web-2']);
    const lost = JSON.parse(
      (await ls('--region', 'eu-west-1', '--state', 'connectionlost', '--json')).stdout,
    ) as Row[];
    expect(lost.length).toBe(60); // every 10th generated instance is offline
    const windows = JSON.parse(
      (await ls('--region', 'eu-west-1', '--platform', 'windows', '--json')).stdout,
    ) as Row[];
    expect(windows.every((r) => r.platformType === 'Windows')).toBe(true);
    expect(windows.length).toBeGreaterThan(80);
  });

  it('a failing region is reported on stderr and the other region is still listed', async () => {
    // The emulator has no instances in ap-south-1 but answers; a region name the SDK rejects fails.
    const result = await runCli(
      [
        'ls',
        '--endpoint-url',
        emulator.endpoint,
        '--profile',
        'static,sso-expired',
        '--region',
        'us-east-1',
        '--json',
      ],
      home.env,
    );
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as Row[];
    expect(rows).toHaveLength(605);
    expect(result.stderr).toMatch(
      /^ssm-desk: us-east-1 \(profile sso-expired\): .*aws sso login --profile sso-expired/m,
    );
  });

  it('bad input: one line on stderr and exit 2', async () => {
    for (const args of [
      ['--tag', 'NoEquals'],
      ['--log-level', 'loud'],
      ['--region', 'Mars'],
      ['--frobnicate'],
      ['extra'],
    ]) {
      const result = await ls(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^ssm-desk: [^\n]+\n$/);
      expect(result.stdout).toBe('');
    }
    const unknown = await runCli(['launch'], home.env);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^ssm-desk: unknown command "launch"/);
  });

  it('--help per command and --version', async () => {
    for (const command of ['ls', 'connect', 'exec', 'sessions', 'ssh', 'ssh-config', 'emulator']) {
      const result = await runCli([command, '--help'], home.env);
      expect(result.code, command).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: ssm-desk ${command}`));
    }
    const version = await runCli(['--version'], home.env);
    expect(version.stdout).toMatch(/^ssm-desk \d+\.\d+\.\d+\n$/);
  });

  /** Runs ls on a real pty (util-linux `script`), returning the raw bytes the terminal received. */
  async function lsOnTerminal(env: NodeJS.ProcessEnv): Promise<string> {
    const command = [
      process.execPath,
      CLI_MAIN,
      'ls',
      '--endpoint-url',
      emulator.endpoint,
      '--profile',
      'static',
      '--region',
      'us-east-1,eu-west-1',
      '--name',
      'load-001*',
    ].join(' ');
    const { stdout } = await run('script', ['-qefc', command, '/dev/null'], { env, encoding: 'utf8' });
    return stdout;
  }

  it('on a terminal: a spinner while listing and a coloured table; NO_COLOR turns colours off', async () => {
    const coloured = await lsOnTerminal(home.env);
    expect(coloured).toMatch(/listing instances in 2 region\(s\)/);
    expect(coloured).toContain('\u001b[3'); // an SGR colour
    expect(coloured).toContain('load-0010');
    const plain = await lsOnTerminal({ ...home.env, NO_COLOR: '1' });
    expect(plain).toContain('load-0010');
    expect(plain).not.toContain('\u001b[3');
  });
});
