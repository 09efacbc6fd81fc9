/**
 * Runs the benchmarks (all, or those named on argv by prefix), prints a summary and rewrites
 * docs/benchmarks.md. Each benchmark runs in a child process of its own (`node --expose-gc`), so memory
 * and CPU figures are not disturbed by the others and a hang is cut off by its time limit.
 *
 *   npm run bench                 # everything
 *   npm run bench -- tunnel codec # only these (prefix match); other sections of the doc are kept
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeBenchmarksDocument } from './lib/document.js';
import { machineInfo } from './lib/machine.js';
import type { BenchResult, Benchmark } from './lib/report.js';
import { statusText } from './lib/report.js';
import { errorText, fmt } from './lib/stats.js';

interface Entry {
  name: string;
  title: string;
  load(): Promise<Benchmark>;
  /** Killed and reported as failed after this long. */
  limitMs: number;
}

const ENTRIES: Entry[] = [
  {
    name: 'codec',
    title: 'Protocol codec and reliability layer',
    load: async () => (await import('./codec.js')).codecBenchmark,
    limitMs: 60_000,
  },
  {
    name: 'cold-start',
    title: 'Cold start of `--version`',
    load: async () => (await import('./cold-start.js')).coldStartBenchmark,
    limitMs: 120_000,
  },
  {
    name: 'keystroke-echo',
    title: 'Shell keystroke-echo latency',
    load: async () => (await import('./keystroke-echo.js')).keystrokeEchoBenchmark,
    limitMs: 150_000,
  },
  {
    name: 'tunnel',
    title: 'Port-forward throughput',
    load: async () => (await import('./tunnel.js')).tunnelBenchmark,
    limitMs: 150_000,
  },
  {
    name: 'tunnel-setup',
    title: 'Port-forward connection setup latency',
    load: async () => (await import('./tunnel-setup.js')).tunnelSetupBenchmark,
    limitMs: 150_000,
  },
  {
    name: 'tunnel-memory',
    title: 'Port-forward memory',
    load: async () => (await import('./tunnel-memory.js')).tunnelMemoryBenchmark,
    limitMs: 120_000,
  },
  {
    name: 'plugin-memory',
    title: 'Drop-in plugin memory',
    load: async () => (await import('./plugin-memory.js')).pluginMemoryBenchmark,
    limitMs: 300_000,
  },
  {
    name: 'bundle-cold-start',
    title: 'The npm package’s bins: bundled against unbundled',
    load: async () => (await import('./bundle-cold-start.js')).bundleColdStartBenchmark,
    limitMs: 300_000,
  },
  {
    name: 'app-busy-tabs',
    title: 'App: 20 shell tabs, 19 busy',
    load: async () => (await import('./app-busy-tabs.js')).appBusyTabsBenchmark,
    limitMs: 180_000,
  },
  {
    name: 'app-instances',
    title: 'App: instance browser with 20,000 instances',
    load: async () => (await import('./app-instances.js')).appInstancesBenchmark,
    limitMs: 180_000,
  },
  {
    name: 'app-cold-start',
    title: 'App: cold start to the first rows, and a shell to its prompt',
    load: async () => (await import('./app-cold-start.js')).appColdStartBenchmark,
    limitMs: 150_000,
  },
  {
    name: 'app-tunnels',
    title: 'App: 50 saved tunnels',
    load: async () => (await import('./app-tunnels.js')).appTunnelsBenchmark,
    limitMs: 150_000,
  },
  {
    name: 'app-fleet',
    title: 'App: fleet command on 200 instances',
    load: async () => (await import('./app-fleet.js')).appFleetBenchmark,
    limitMs: 180_000,
  },
];

const SELF = fileURLToPath(import.meta.url);
const DOC = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

type ChildMessage = { kind: 'result'; result: BenchResult } | { kind: 'error'; error: string };

async function runChild(name: string): Promise<void> {
  const entry = ENTRIES.find((e) => e.name === name);
  if (!entry || !process.send) throw new Error(`unknown benchmark ${name}`);
  const send = (message: ChildMessage): Promise<void> =>
    new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve()));
  const started = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  try {
    const benchmark = await entry.load();
    const outcome = await benchmark.run();
    await send({
      kind: 'result',
      result: {
        ...outcome,
        name: entry.name,
        title: entry.title,
        date,
        durationMs: performance.now() - started,
      },
    });
  } catch (error) {
    await send({
      kind: 'error',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  process.exit(0);
}

function runInChild(entry: Entry): Promise<BenchResult> {
  const started = performance.now();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const failed = (error: string): BenchResult => ({
    name: entry.name,
    title: entry.title,
    date,
    durationMs: performance.now() - started,
    method: 'The benchmark did not complete.',
    tables: [],
    summary: [{ metric: 'benchmark run', value: 'failed', target: '', status: 'failed' }],
    interpretation: 'No numbers: see the failure above.',
    failures: [error],
  });
  return new Promise((resolve) => {
    // Its own process group, so that a benchmark killed for its time limit takes the processes it
    // started (emulator, app, shells) with it.
    const child = fork(SELF, ['--child', entry.name], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    running = child.pid;
    let settled: BenchResult | undefined;
    const timer = setTimeout(() => {
      settled ??= failed(`did not finish within ${entry.limitMs / 1000} s and was killed`);
      killGroup(child.pid);
    }, entry.limitMs);
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'result') settled ??= message.result;
      else settled ??= failed(message.error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever it left behind (it should have closed everything itself).
      killGroup(child.pid);
      running = undefined;
      resolve(
        settled ?? failed(`the benchmark process exited (${signal ?? `status ${code}`}) without a result`),
      );
    });
  });
}

/** The process group of the benchmark that runs now (killed with us on Ctrl-C). */
let running: number | undefined;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const childIndex = args.indexOf('--child');
  if (childIndex >= 0) {
    await runChild(args[childIndex + 1] ?? '');
    return;
  }
  const selected =
    args.length === 0 ? ENTRIES : ENTRIES.filter((e) => args.some((a) => e.name.startsWith(a)));
  if (selected.length === 0) {
    console.error(`no benchmark matches ${args.join(' ')}; known: ${ENTRIES.map((e) => e.name).join(', ')}`);
    process.exit(2);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killGroup(running);
      process.exit(130);
    });
  }
  const machine = machineInfo();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  console.log(`ssm-desk benchmarks — ${date}`);
  console.log(
    `${machine.cpu}, ${machine.cores} cores, ${fmt(machine.ramGiB)} GiB, Node ${machine.node}, ${machine.os}\n`,
  );
  const results = new Map<string, BenchResult>();
  for (const entry of selected) {
    console.log(`▶ ${entry.name}`);
    const result = await runInChild(entry);
    results.set(entry.name, result);
    for (const row of result.summary) {
      const status = row.status ? `  [${statusText(row.status).replace(/\*/g, '')}]` : '';
      const target = row.target ? `  (target ${row.target})` : '';
      console.log(`  ${row.metric}: ${row.value}${target}${status}`);
    }
    for (const failure of result.failures) console.log(`  FAILURE: ${failure.split('\n')[0]}`);
    console.log(`  (${fmt(result.durationMs / 1000)} s)\n`);
  }
  try {
    await writeBenchmarksDocument(DOC, ENTRIES, results, machine, date);
    console.log(`wrote ${DOC}`);
  } catch (error) {
    console.error(`could not write ${DOC}: ${errorText(error)}`);
    process.exitCode = 1;
  }
}

await main();
