import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import { fmt, median, percentile, progress } from './lib/stats.js';

const RUNS = 30;
const WARMUP = 3;
const TARGET_MS = 150;

/** dist/ is two levels above this file once compiled (dist/bench/cold-start.js). */
const DIST = fileURLToPath(new URL('../', import.meta.url));
const PLUGIN_MAIN = `${DIST}src-main/plugin/main.js`;
const CLI_MAIN = `${DIST}src-main/cli/main.js`;

interface Timing {
  label: string;
  command: string;
  samples: number[];
  output: string;
  error?: string;
}

/** Wall time from spawn() to the child's exit, stdout collected. */
function timeOnce(args: string[]): Promise<{ ms: number; output: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ ms: performance.now() - start, output, status }));
  });
}

async function timeCommand(label: string, args: string[]): Promise<Timing> {
  progress(`${label}: ${RUNS} runs`);
  const command = ['node', ...args.map((a) => a.replace(DIST, 'dist/'))].join(' ');
  const samples: number[] = [];
  let output = '';
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const run = await timeOnce(args);
    if (run.status !== 0) {
      return {
        label,
        command,
        samples,
        output: run.output,
        error: `exit status ${run.status}: ${run.output.trim()}`,
      };
    }
    output = run.output.trim();
    if (i >= WARMUP) samples.push(run.ms);
  }
  return { label, command, samples, output };
}

export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  title: 'Cold start of `--version`',
  async run() {
    const failures: string[] = [];
    const timings: Timing[] = [];
    timings.push(await timeCommand('node -e 0 (floor)', ['-e', '0']));
    if (existsSync(PLUGIN_MAIN)) {
      timings.push(await timeCommand('session-manager-plugin --version', [PLUGIN_MAIN, '--version']));
    } else {
      failures.push(`${PLUGIN_MAIN} does not exist: build first (npm run build)`);
    }
    const cliPresent = existsSync(CLI_MAIN);
    if (cliPresent) timings.push(await timeCommand('ssm-desk --version', [CLI_MAIN, '--version']));

    const floor = median(timings[0]?.samples ?? []);
    const rows = timings.map((t) => {
      const isTarget = t.label !== 'node -e 0 (floor)';
      const med = median(t.samples);
      const status = t.error ? 'failed' : isTarget ? statusOf(med <= TARGET_MS) : '';
      return [
        t.label,
        `\`${t.command}\``,
        t.error ? 'n/a' : fmt(med),
        t.error ? 'n/a' : fmt(percentile(t.samples, 90)),
        t.error ? 'n/a' : fmt(Math.min(...t.samples)),
        t.error || !isTarget ? '—' : `+${fmt(med - floor)}`,
        isTarget ? `≤ ${TARGET_MS}` : '—',
        statusText(status),
      ];
    });
    for (const t of timings) if (t.error) failures.push(`${t.label}: ${t.error}`);
    const table: Table = {
      columns: [
        'Command',
        'Invocation',
        'median ms',
        'p90 ms',
        'min ms',
        'over floor ms',
        'target ms',
        'status',
      ],
      rows,
    };
    const summary: SummaryRow[] = timings
      .filter((t) => t.label !== 'node -e 0 (floor)')
      .map((t) => {
        const med = median(t.samples);
        return {
          metric: `${t.label} cold start (median)`,
          value: t.error ? 'failed' : `${fmt(med)} ms`,
          target: `≤ ${TARGET_MS} ms`,
          status: t.error ? 'failed' : statusOf(med <= TARGET_MS),
        };
      });
    const plugin = timings.find((t) => t.label.startsWith('session-manager-plugin'));
    const pluginMedian = plugin ? median(plugin.samples) : Number.NaN;
    return {
      method:
        `Each command is spawned ${RUNS} times in a row (after ${WARMUP} unmeasured runs, so the page cache is warm) ` +
        'from this benchmark process with `child_process.spawn`; the time is from spawn to the exit event, output ' +
        'piped. `node -e 0` is the floor: what starting Node at all costs on this machine. ' +
        (cliPresent
          ? ''
          : '`ssm-desk --version` is not measured because `dist/src-main/cli/main.js` does not exist yet.'),
      tables: [table],
      summary,
      interpretation:
        `The AWS CLI runs \`session-manager-plugin --version\` before every session, so this is latency every user pays. ` +
        `Node itself needs ${fmt(floor)} ms here; the plugin adds ${fmt(pluginMedian - floor)} ms on top, which is the ` +
        'cost of loading its few entry modules (the SDK and the engine are imported only when a session starts). ' +
        'Almost all of the time is the Node runtime start-up, which no change to our code can remove; a V8 ' +
        'snapshot or a single bundled file would be the next step if the target were ever missed.',
      failures,
    };
  },
};
