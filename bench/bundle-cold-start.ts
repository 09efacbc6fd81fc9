/**
 * The npm package's commands as a user runs them (issue 11 §2): `npm pack`, a global install into a
 * fresh prefix, and the bundled bins started from there, next to tsc's unbundled output (what the
 * package's bins were before, and what the desktop app's launchers still run). Three things are timed:
 * `--version` (the AWS CLI runs `session-manager-plugin --version` before every session), a command
 * that needs the AWS SDK (`ssm-desk ls`), and a whole plugin session.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  instanceWithAgent,
  pluginArgvFor,
  startBenchEmulator,
  type BenchEmulator,
} from './lib/emulator-session.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import { errorText, fmt, mean, median, percentile, progress } from './lib/stats.js';

const runFile = promisify(execFile);

const RUNS = 20;
const WARMUP = 3;
const SESSION_RUNS = 10;
/** cold-start.ts's target, for the bins as installed. */
const TARGET_MS = 150;
/** Clock ticks per second of /proc/self/stat (USER_HZ). */
const TICKS = 100;

/** The repository root: dist/bench/ is two levels below it once compiled. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC_PLUGIN = join(ROOT, 'dist/src-main/plugin/main.js');
const TSC_CLI = join(ROOT, 'dist/src-main/cli/main.js');

interface Command {
  label: string;
  /** How the table shows it. */
  shown: string;
  file: string;
  args: string[];
  /** What stdout must contain, so that a broken command is not timed as a fast one. */
  expect: RegExp;
  judged: boolean;
}

interface Timing {
  command: Command;
  wallMs: number[];
  cpuMs: number[];
  error?: string;
}

/**
 * CPU time of this process's waited-for children (cutime + cstime of /proc/self/stat), in ms: the
 * kernel adds each child's CPU time when it is reaped, so the difference around one run is that run's.
 * Ticks are 10 ms, so the tables give the mean over all runs.
 */
function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) / TICKS) * 1000;
}

function runOnce(
  command: Command,
  env: NodeJS.ProcessEnv,
): Promise<{ wallMs: number; cpuMs: number; output: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    // stdin a pipe left open, as the AWS CLI leaves the plugin's: at EOF a session would end.
    const child = spawn(command.file, command.args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.stdin.on('error', () => undefined);
    child.once('close', (status) =>
      resolve({ wallMs: performance.now() - started, cpuMs: childrenCpuMs() - cpuBefore, output, status }),
    );
  });
}

async function time(
  command: Command,
  runs: number,
  env: NodeJS.ProcessEnv,
  prepare?: () => Promise<string[]>,
): Promise<Timing> {
  progress(`${command.label}: ${runs} runs`);
  const timing: Timing = { command, wallMs: [], cpuMs: [] };
  for (let i = 0; i < WARMUP + runs; i++) {
    const extra = prepare ? await prepare() : [];
    const run = await runOnce({ ...command, args: [...command.args, ...extra] }, env);
    if (run.status !== 0 || !command.expect.test(run.output)) {
      timing.error = `exit status ${run.status}: ${run.output.trim().slice(0, 300)}`;
      return timing;
    }
    if (i >= WARMUP) {
      timing.wallMs.push(run.wallMs);
      timing.cpuMs.push(run.cpuMs);
    }
  }
  return timing;
}

/** `npm pack` of this build, installed globally into a fresh prefix, as e2e/npm-package.test.ts does. */
async function installPackage(work: string): Promise<string> {
  progress('npm pack and a global install into a fresh prefix');
  const packed = await runFile('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: ROOT,
    maxBuffer: 16 << 20,
  });
  const filename = (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename ?? '';
  const prefix = join(work, 'prefix');
  mkdirSync(prefix);
  await runFile(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(work, filename),
    ],
    { cwd: work, maxBuffer: 16 << 20 },
  );
  return join(prefix, 'bin');
}

const row = (timing: Timing, floor: Timing | undefined, target: boolean): string[] => {
  const med = median(timing.wallMs);
  const status = timing.error ? 'failed' : target && timing.command.judged ? statusOf(med <= TARGET_MS) : '';
  return [
    timing.command.label,
    timing.command.shown,
    timing.error ? 'n/a' : fmt(med),
    timing.error ? 'n/a' : fmt(percentile(timing.wallMs, 90)),
    timing.error ? 'n/a' : fmt(Math.min(...timing.wallMs)),
    timing.error ? 'n/a' : fmt(mean(timing.cpuMs)),
    timing.error || !floor || timing === floor ? '—' : `+${fmt(mean(timing.cpuMs) - mean(floor.cpuMs))}`,
    target && timing.command.judged ? `≤ ${TARGET_MS}` : '—',
    statusText(status),
  ];
};

const COLUMNS = [
  'Command',
  'Program',
  'wall median ms',
  'wall p90 ms',
  'wall min ms',
  'CPU ms (mean)',
  'CPU over floor',
  'target ms',
  'status',
];

export const bundleColdStartBenchmark: Benchmark = {
  name: 'bundle-cold-start',
  title: 'The npm package’s bins: bundled against unbundled',
  async run() {
    const failures: string[] = [];
    const work = mkdtempSync(join(tmpdir(), 'ssm-desk-bench-npm-'));
    let bench: BenchEmulator | undefined;
    const load: number[] = [];
    try {
      const bin = await installPackage(work);
      const node = process.execPath;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // The bins' `#!/usr/bin/env node` finds this Node first.
        PATH: [join(node, '..'), '/usr/bin', '/bin'].join(':'),
        AWS_ACCESS_KEY_ID: 'AKIABENCHMARK000000',
        AWS_SECRET_ACCESS_KEY: 'bench-secret',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      for (const name of [
        'AWS_PROFILE',
        'AWS_SESSION_TOKEN',
        'AWS_CA_BUNDLE',
        'HTTPS_PROXY',
        'https_proxy',
        'HTTP_PROXY',
        'http_proxy',
      ])
        delete env[name];
      const installedPlugin = join(bin, 'session-manager-plugin');
      const installedCli = join(bin, 'ssm-desk');
      if (!existsSync(TSC_PLUGIN) || !existsSync(TSC_CLI))
        failures.push('dist/src-main is not built: run npm run build');

      // --version: what every AWS CLI session pays first.
      const floor = await time(
        {
          label: 'node -e 0 (floor)',
          shown: '`node -e 0`',
          file: node,
          args: ['-e', 'console.log(0)'],
          expect: /0/,
          judged: false,
        },
        RUNS,
        env,
      );
      const versions: Timing[] = [floor];
      versions.push(
        await time(
          {
            label: 'session-manager-plugin --version',
            shown: 'installed bin (bundle)',
            file: installedPlugin,
            args: ['--version'],
            expect: /^\d+\.\d+\.\d+\.\d+$/m,
            judged: true,
          },
          RUNS,
          env,
        ),
      );
      versions.push(
        await time(
          {
            label: 'session-manager-plugin --version',
            shown: '`node dist/src-main/plugin/main.js` (tsc)',
            file: node,
            args: [TSC_PLUGIN, '--version'],
            expect: /^\d+\.\d+\.\d+\.\d+$/m,
            judged: false,
          },
          RUNS,
          env,
        ),
      );
      versions.push(
        await time(
          {
            label: 'ssm-desk --version',
            shown: 'installed bin (bundle)',
            file: installedCli,
            args: ['--version'],
            expect: /^ssm-desk /m,
            judged: true,
          },
          RUNS,
          env,
        ),
      );
      versions.push(
        await time(
          {
            label: 'ssm-desk --version',
            shown: '`node dist/src-main/cli/main.js` (tsc)',
            file: node,
            args: [TSC_CLI, '--version'],
            expect: /^ssm-desk /m,
            judged: false,
          },
          RUNS,
          env,
        ),
      );
      load.push(loadavg()[0] ?? Number.NaN);

      // The AWS SDK's cost: `ssm-desk ls` against the emulator (SSM and EC2 clients, every page).
      bench = await startBenchEmulator('fast', () => undefined, { separateProcess: true });
      const endpoint = bench.emulator.endpoint;
      const lsArgs = ['ls', '--endpoint-url', endpoint, '--region', 'us-east-1'];
      const target = instanceWithAgent(bench, '3.3.1611.0');
      const listing: Timing[] = [];
      listing.push(
        await time(
          {
            label: 'ssm-desk ls',
            shown: 'installed bin (bundle)',
            file: installedCli,
            args: lsArgs,
            expect: new RegExp(target.instanceId),
            judged: false,
          },
          SESSION_RUNS,
          env,
        ),
      );
      listing.push(
        await time(
          {
            label: 'ssm-desk ls',
            shown: '`node dist/src-main/cli/main.js` (tsc)',
            file: node,
            args: [TSC_CLI, ...lsArgs],
            expect: new RegExp(target.instanceId),
            judged: false,
          },
          SESSION_RUNS,
          env,
        ),
      );
      load.push(loadavg()[0] ?? Number.NaN);

      // A whole plugin session, as the AWS CLI runs one after its StartSession: handshake, a command's
      // output, channel_closed, exit.
      const emulator = bench;
      const startArgs = (): Promise<string[]> =>
        pluginArgvFor(emulator, endpoint, {
          target: target.instanceId,
          documentName: 'AWS-StartNonInteractiveCommand',
          parameters: { command: "sh -c 'echo session-ready'" },
        });
      const sessions: Timing[] = [];
      sessions.push(
        await time(
          {
            label: 'plugin session (command)',
            shown: 'installed bin (bundle)',
            file: installedPlugin,
            args: [],
            expect: /session-ready/,
            judged: false,
          },
          SESSION_RUNS,
          env,
          startArgs,
        ),
      );
      sessions.push(
        await time(
          {
            label: 'plugin session (command)',
            shown: '`node dist/src-main/plugin/main.js` (tsc)',
            file: node,
            args: [TSC_PLUGIN],
            expect: /session-ready/,
            judged: false,
          },
          SESSION_RUNS,
          env,
          startArgs,
        ),
      );
      load.push(loadavg()[0] ?? Number.NaN);

      const all = [...versions, ...listing, ...sessions];
      for (const timing of all)
        if (timing.error) failures.push(`${timing.command.label} (${timing.command.shown}): ${timing.error}`);
      const summary: SummaryRow[] = versions
        .filter((timing) => timing.command.judged)
        .map((timing) => {
          const med = median(timing.wallMs);
          return {
            metric: `${timing.command.label}, installed bundle (median)`,
            value: timing.error ? 'failed' : `${fmt(med)} ms (CPU ${fmt(mean(timing.cpuMs))} ms)`,
            target: `≤ ${TARGET_MS} ms`,
            status: timing.error ? 'failed' : statusOf(med <= TARGET_MS),
          };
        });
      const cpu = (timings: Timing[], shown: RegExp): number =>
        mean(timings.find((t) => shown.test(t.command.shown))?.cpuMs ?? []);
      const wall = (timings: Timing[], shown: RegExp): number =>
        median(timings.find((t) => shown.test(t.command.shown))?.wallMs ?? []);
      summary.push({
        metric: 'ssm-desk ls against the emulator, bundle vs tsc (median)',
        value: `${fmt(wall(listing, /bundle/))} vs ${fmt(wall(listing, /tsc/))} ms`,
        target: '',
        status: '',
      });
      const versionCpu = (label: string, shown: RegExp): number =>
        cpu(
          versions.filter((t) => t.command.label === label),
          shown,
        );
      return {
        method:
          '`npm pack` of this build (without its scripts), installed with `npm install --global --prefix` into a fresh folder (dependencies from ' +
          'npm’s cache or the registry), as a user installs it. Each command is spawned from this benchmark process with `child_process.spawn` ' +
          `(output piped; the installed bins through their \`#!/usr/bin/env node\` line, with this Node first on PATH): ${RUNS} runs of \`--version\`, ` +
          `${SESSION_RUNS} of the others, each after ${WARMUP} unmeasured runs (page cache warm). Wall time is from spawn to exit; CPU time is the ` +
          'child’s user + system time (this process’s cutime + cstime from /proc/self/stat around each run, 10 ms ticks, so the mean is given), ' +
          'which a busy machine disturbs far less than wall time. tsc’s output is the same sources unbundled, as the package shipped its bins ' +
          'before and as the desktop app’s launchers run them. `ssm-desk ls` and the plugin session run against the emulator in its own process ' +
          '(fast pace); each plugin run gets a fresh StartSession answer (AWS-StartNonInteractiveCommand, `echo`) on argv and runs until the ' +
          `session ends. Load average (1 min) during the three parts: ${load.map((value) => fmt(value, 2)).join(', ')}.`,
        tables: [
          { caption: '`--version`', columns: COLUMNS, rows: versions.map((t) => row(t, floor, true)) },
          {
            caption: 'Commands that load the AWS SDK or the engine',
            columns: COLUMNS.slice(0, 6),
            rows: [...listing, ...sessions].map((t) => row(t, undefined, false).slice(0, 6)),
          },
        ] satisfies Table[],
        summary,
        interpretation:
          `Installed, \`session-manager-plugin --version\` costs ${fmt(versionCpu('session-manager-plugin --version', /bundle/))} ms of CPU against ` +
          `${fmt(versionCpu('session-manager-plugin --version', /tsc/))} ms unbundled and ${fmt(mean(floor.cpuMs))} ms for Node alone: one CommonJS file ` +
          'is read and compiled lazily, with no ES module loader and no module resolution. ' +
          `\`ssm-desk --version\`: ${fmt(versionCpu('ssm-desk --version', /bundle/))} ms against ${fmt(versionCpu('ssm-desk --version', /tsc/))} ms. ` +
          `The difference that matters is the AWS SDK: \`ssm-desk ls\` takes ${fmt(cpu(listing, /bundle/))} ms of CPU bundled against ` +
          `${fmt(cpu(listing, /tsc/))} ms when the SDK’s hundreds of CommonJS files are resolved and read from node_modules, which is why the SDK ` +
          'is bundled (its ES module build, in chunks loaded on first use) rather than left external. A whole plugin session costs ' +
          `${fmt(cpu(sessions, /bundle/))} ms of CPU bundled against ${fmt(cpu(sessions, /tsc/))} ms.`,
        failures,
      };
    } finally {
      await bench?.close().catch((error: unknown) => failures.push(`emulator close: ${errorText(error)}`));
      rmSync(work, { recursive: true, force: true });
    }
  },
};
