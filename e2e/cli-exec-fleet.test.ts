import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { completeInstance } from '../src-main/emulator/inventory/instance-defaults.js';
import type { EmulatedInstance } from '../src-main/emulator/model.js';
import { CLI_MAIN, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { BackgroundCommand } from './support/port-tools.js';

/** Eight front-end servers over two regions, and a ninth that is offline. */
const WEB = [
  ...Array.from({ length: 6 }, (_, i) => ({ region: 'us-east-1', name: `web-0${i + 1}` })),
  { region: 'eu-west-1', name: 'web-07' },
  { region: 'eu-west-1', name: 'web-08' },
].map(({ region, name }, i) =>
  completeInstance({
    instanceId: `i-0f1e2d3c4b5a6978${i}`,
    region,
    name,
    tags: { Role: 'frontend', Env: 'prod' },
  }),
);
const OFFLINE = completeInstance({
  instanceId: 'i-0f1e2d3c4b5a69799',
  region: 'us-east-1',
  name: 'web-09',
  tags: { Role: 'frontend' },
  online: false,
});

/** Each instance's own answer decides its exit code: the last digit of its host name, modulo 3. */
const COMMAND = 'h=$(hostname); echo "out $h"; echo "err $h" >&2; exit $(( ${h##*-} % 3 ))';
const hostOf = (instance: EmulatedInstance): string => instance.privateDnsName.split('.')[0]!;
const exitOf = (instance: EmulatedInstance): number => Number(hostOf(instance).split('-').at(-1)) % 3;

/** The largest number of sessions that were running at the same moment. */
function maxOverlap(sessions: Array<{ startDate: Date; endDate?: Date }>): number {
  const events = sessions.flatMap((s) => [
    { at: s.startDate.getTime(), step: 1 },
    { at: (s.endDate ?? new Date()).getTime(), step: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let most = 0;
  for (const event of events) most = Math.max(most, (running += event.step));
  return most;
}

// Issue 10 §3: `ssm-desk exec --targets …` runs one command on every matching instance, with a
// concurrency limit, per-instance prefixes, a summary line and a non-zero exit when any failed.
describe('ssm-desk exec --targets (fleet commands)', () => {
  let emulator: Emulator;
  let home: CliHome;
  const scope = (): string[] => ['--endpoint-url', emulator.endpoint, '--profile', 'static'];

  beforeAll(async () => {
    emulator = await startEmulator((config) => config.instances.push(...WEB, OFFLINE));
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  it('runs on every online match in every region, prefixes each line, sums up, and exits 1 when any failed', async () => {
    const codes = WEB.map(exitOf);
    // The inventory gives both outcomes, or this test would prove nothing about them.
    expect(codes.some((c) => c === 0) && codes.some((c) => c !== 0)).toBe(true);
    const before = emulator.sessions.list().length;
    const result = await runCli(
      [
        'exec',
        '--targets',
        'tag:Role=frontend',
        '--region',
        'us-east-1,eu-west-1',
        '--concurrency',
        '3',
        ...scope(),
        '--',
        `sleep 0.5; ${COMMAND}`,
      ],
      home.env,
    );
    expect(result.code, result.stderr).toBe(1);
    const width = Math.max(...WEB.map((w) => w.name!.length));
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(
      WEB.map((w) => `${w.name!.padEnd(width)} | out ${hostOf(w)}`).sort(),
    );
    const stderr = result.stderr.split('\n').filter(Boolean);
    expect(stderr.filter((line) => line.includes(' | ')).sort()).toEqual(
      WEB.map((w) => `${w.name!.padEnd(width)} | err ${hostOf(w)}`).sort(),
    );
    expect(stderr).toContain(
      'ssm-desk: skipping 1 matching instance that cannot take a session now: web-09 (ConnectionLost)',
    );
    const failed = new Map<number, string[]>();
    for (const w of WEB)
      if (exitOf(w) !== 0) failed.set(exitOf(w), [...(failed.get(exitOf(w)) ?? []), w.name!]);
    const groups = [...failed.entries()]
      .sort(([a], [b]) => a - b)
      .map(([code, names]) => `exit ${code}: ${names.join(', ')}`)
      .join('; ');
    const succeeded = codes.filter((c) => c === 0).length;
    expect(stderr.at(-1)).toBe(`8 instances: ${succeeded} succeeded, ${8 - succeeded} failed (${groups})`);
    // At most three sessions at once, and more than one: the limit, not a queue of one.
    const sessions = emulator.sessions.list().slice(before);
    expect(sessions).toHaveLength(8);
    expect(sessions.every((s) => s.documentName === 'AWS-StartNonInteractiveCommand')).toBe(true);
    const overlap = maxOverlap(sessions);
    expect(overlap).toBeLessThanOrEqual(3);
    expect(overlap).toBeGreaterThanOrEqual(2);
  });

  it('ids and Name globs as terms (a comma list); all exit 0 is exit 0', async () => {
    const [first, second] = WEB;
    const result = await runCli(
      [
        'exec',
        '--targets',
        `web-0[23],${first!.instanceId}`,
        ...scope(),
        '--region',
        'us-east-1',
        '--',
        'hostname',
      ],
      home.env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(
      [first!, second!, WEB[2]!].map((w) => `${w.name} | ${hostOf(w)}`).sort(),
    );
    expect(result.stderr).toBe('3 instances: 3 succeeded\n');
  });

  it('Ctrl-C interrupts the running commands, starts no more, and exits 130', async () => {
    const before = emulator.sessions.list().length;
    const command = new BackgroundCommand(
      process.execPath,
      [
        CLI_MAIN,
        'exec',
        '--targets',
        'tag:Role=frontend',
        '--concurrency',
        '2',
        ...scope(),
        '--',
        'echo started; exec sleep 60',
      ],
      home.env,
    );
    try {
      await command.waitFor(/started\n[^]*started\n/);
      expect(await command.interrupt()).toBe(130);
      expect(command.text).toMatch(/6 instances: 0 succeeded, 6 cancelled\n$/);
      expect(emulator.sessions.list().length - before).toBe(2);
    } finally {
      command.kill();
    }
  });

  it('bad input is one line and exit 2; no match is one line and exit 1; one target keeps its exit code', async () => {
    const usage = await runCli(['exec', 'web-01', '--concurrency', '3', ...scope(), '--', 'true'], home.env);
    expect([usage.code, usage.stderr]).toEqual([2, 'ssm-desk: --concurrency goes with --targets\n']);
    const zero = await runCli(
      ['exec', '--targets', 'web-*', '--concurrency', '0', ...scope(), '--', 'true'],
      home.env,
    );
    expect([zero.code, zero.stderr]).toEqual([
      2,
      'ssm-desk: --concurrency takes a number from 1 to 1000, got "0"\n',
    ]);
    const none = await runCli(['exec', '--targets', 'tag:Role=nothing', ...scope(), '--', 'true'], home.env);
    expect([none.code, none.stderr]).toEqual([
      1,
      'ssm-desk: no online instance managed by SSM matches "tag:Role=nothing"\n',
    ]);
    const single = await runCli(['exec', 'web-01', ...scope(), '--', 'echo one; exit 4'], home.env);
    expect([single.code, single.stdout]).toEqual([4, 'one\n']);
  });
});
