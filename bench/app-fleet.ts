/**
 * Issue 10 §6: a fleet command on 200 instances with a concurrency of 20 (`fleet.start`): wall time
 * and the app core's memory peak, with the Fleet view showing the run.
 */
import type { Page } from 'playwright-core';
import type { FleetRun } from '../src-shared/model/fleet.js';
import { startAppSession, waitForGridRows, type AppSession } from './lib/app-session.js';
import { startFrames, stopFrames } from './lib/browser.js';
import { chromiumCpuSeconds, cpuOfTrees, loadText } from './lib/proc-stat.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { fmt, median, MiB, percentile, progress, withTimeout } from './lib/stats.js';

const INSTANCES = 200;
const CONCURRENCY = 20;
const PROFILE = 'bench';
const REGION = 'us-east-1';
/** A short command with a little output on both streams and an exit code. */
const COMMAND = 'uname -a; uptime; echo done >&2; exit 0';

/** Instances run one at a time first: what one command session costs without contention. */
const BASELINE = 5;

type Client = AppSession['client'];
type Target = { instanceId: string };

/** fleet.start and the run once finished (its fleet.changed with finishedAt). */
async function runFleet(client: Client, targets: Target[], concurrency: number): Promise<FleetRun> {
  let runId = '';
  let finish: (run: FleetRun) => void = () => undefined;
  const finished = new Promise<FleetRun>((resolve) => (finish = resolve));
  const stop = client.on('fleet.changed', ({ run }) => {
    if (run.runId === runId && run.finishedAt !== undefined) finish(run);
  });
  try {
    const run = await client.call('fleet.start', {
      targets: targets.map((t) => ({ profile: PROFILE, region: REGION, instanceId: t.instanceId })),
      command: COMMAND,
      concurrency,
    });
    runId = run.runId;
    if (run.finishedAt !== undefined) return run;
    return await withTimeout(finished, 120_000, 'the fleet run');
  } finally {
    stop();
  }
}

const instanceId = (n: number): string => `i-0f1e${n.toString(16).padStart(13, '0')}`;

export const appFleetBenchmark: Benchmark = {
  name: 'app-fleet',
  title: 'App: fleet command on 200 instances',
  async run() {
    const failures: string[] = [];
    const instances = Array.from({ length: INSTANCES }, (_, i) => ({
      instanceId: instanceId(i + 1),
      region: REGION,
      name: `fleet-${String(i + 1).padStart(3, '0')}`,
    }));
    progress(`emulator with ${INSTANCES} instances`);
    const session = await startAppSession({
      emulator: { instances },
      profiles: [PROFILE],
      settings: { regions: [REGION] },
    });
    try {
      const page = session.page as Page;
      const { app, client } = session;
      await waitForGridRows(page, INSTANCES, 30_000);
      await page.locator('#view-tab-fleet').click();
      progress(`baseline: the command on ${BASELINE} instances one at a time`);
      const baseline = await runFleet(client, instances.slice(0, BASELINE), 1);
      const baselineDurations = baseline.items.map((i) => i.durationMs ?? Number.NaN);
      const before = await app.memory(true);

      progress(`fleet.start on ${INSTANCES} instances, concurrency ${CONCURRENCY}: ${COMMAND}`);
      const roots = { core: app.pid, emulator: session.emulator.pid };
      const cpuBefore = { ...cpuOfTrees(roots), chromium: chromiumCpuSeconds() };
      let finish: (run: FleetRun) => void = () => undefined;
      const finished = new Promise<FleetRun>((resolve) => (finish = resolve));
      let runId = '';
      let peakRunning = 0;
      const stop = client.on('fleet.changed', ({ run }) => {
        if (run.runId !== runId) return;
        peakRunning = Math.max(peakRunning, run.items.filter((i) => i.state === 'running').length);
        if (run.finishedAt !== undefined) finish(run);
      });
      await app.startPeak();
      await startFrames(page);
      const started = performance.now();
      const run = await client.call('fleet.start', {
        targets: instances.map((i) => ({ profile: PROFILE, region: REGION, instanceId: i.instanceId })),
        command: COMMAND,
        concurrency: CONCURRENCY,
      });
      runId = run.runId;
      const done = await withTimeout(finished, 120_000, 'the fleet run');
      const wallMs = performance.now() - started;
      const frames = await stopFrames(page);
      const peak = await app.stopPeak();
      stop();
      const cpuAfter = { ...cpuOfTrees(roots), chromium: chromiumCpuSeconds() };
      const load = loadText();
      const after = await app.memory(true);

      const succeeded = done.items.filter((i) => i.state === 'succeeded').length;
      if (succeeded !== INSTANCES) {
        const other = done.items.find((i) => i.state !== 'succeeded');
        failures.push(
          `${INSTANCES - succeeded} instance(s) did not succeed, e.g. ${other?.name ?? other?.key}: ${other?.state} ${other?.error?.message ?? `exit ${other?.exitCode}`}`,
        );
      }
      const durations = done.items.map((i) => i.durationMs ?? Number.NaN).filter((d) => Number.isFinite(d));
      const cpu = (key: 'core' | 'emulator' | 'chromium'): string =>
        `${fmt(((cpuAfter[key] - cpuBefore[key]) / (wallMs / 1000)) * 100)} %`;
      const table: Table = {
        columns: ['Measure', 'value'],
        rows: [
          ['wall time, `fleet.start` → run finished', `${fmt(wallMs)} ms`],
          ['instances succeeded', `${succeeded} of ${INSTANCES}`],
          ['most running at once (fleet.changed)', String(peakRunning)],
          [
            'per instance, command session duration: median / p95',
            `${fmt(median(durations))} / ${fmt(percentile(durations, 95))} ms`,
          ],
          [
            `one at a time (${BASELINE} instances, concurrency 1): command session duration, median`,
            `${fmt(median(baselineDurations))} ms`,
          ],
          ['throughput', `${fmt(INSTANCES / (wallMs / 1000))} instances/s`],
          [
            'app core before (after GC): RSS / heap used',
            `${fmt(before.rss / MiB)} / ${fmt(before.heapUsed / MiB)} MiB`,
          ],
          [
            `app core peak while running (${peak.samples} samples, 10 ms apart): RSS / heap used`,
            `${fmt(peak.rss / MiB)} / ${fmt(peak.heapUsed / MiB)} MiB`,
          ],
          [
            'app core after (after GC; the run and its output are kept): RSS / heap used',
            `${fmt(after.rss / MiB)} / ${fmt(after.heapUsed / MiB)} MiB`,
          ],
          [
            'CPU: app core / emulator + shells / Chromium',
            `${cpu('core')} / ${cpu('emulator')} / ${cpu('chromium')}`,
          ],
          [
            'Fleet view frame time: median / p95',
            `${fmt(median(frames))} / ${fmt(percentile(frames, 95))} ms`,
          ],
          ['machine load average after', load],
        ],
      };
      const summary: SummaryRow[] = [
        {
          metric: `fleet command on ${INSTANCES} instances, concurrency ${CONCURRENCY}: wall time`,
          value: `${fmt(wallMs / 1000)} s`,
          target: '',
          status: '',
        },
        {
          metric: 'fleet command: app core memory peak (RSS / heap used)',
          value: `${fmt(peak.rss / MiB)} / ${fmt(peak.heapUsed / MiB)} MiB`,
          target: '',
          status: '',
        },
      ];
      return {
        method:
          `An emulator in its own Node process has ${INSTANCES} Linux instances; the app (core + browser mode) runs ` +
          'in a second process with one AWS profile pointing at it, and the page shows the Fleet view. A contract ' +
          `client sends \`fleet.start\` {${INSTANCES} targets, concurrency ${CONCURRENCY}, \`${COMMAND}\`}: one ` +
          'non-interactive command session per instance (StartSession, data channel, handshake, the command in ' +
          '`sh -c` on the simulated agent, exit code). Wall time runs from the request to the `fleet.changed` event ' +
          'whose run has `finishedAt`. The app process samples its own `process.memoryUsage()` every 10 ms over the ' +
          'run for the peak (no GC forced, so the peak includes garbage not yet collected); before and after are ' +
          'after two `gc()` calls.',
        tables: [table],
        summary,
        interpretation:
          `${succeeded} of ${INSTANCES} instances ran the command in ${fmt(wallMs / 1000)} s ` +
          `(${fmt(INSTANCES / (wallMs / 1000))} instances/s with ${CONCURRENCY} at once; a command session took ` +
          `${fmt(median(durations))} ms, median, against ${fmt(median(baselineDurations))} ms one at a time: 20 ` +
          'sessions at once slow each other down on this 2-core machine (StartSession, a data channel and ' +
          'handshake each, and a shell process the emulator spawns per command), while the app core used ' +
          `${cpu('core')} of a core). The app core peaked at ${fmt(peak.rss / MiB)} MiB RSS and ` +
          `${fmt(peak.heapUsed / MiB)} MiB of heap, ${fmt((peak.rss - before.rss) / MiB)} MiB above where it started ` +
          `(load average ${load}).`,
        failures,
      };
    } finally {
      await session.close();
    }
  },
};
