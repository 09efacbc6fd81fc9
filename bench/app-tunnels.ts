/**
 * Issue 10 §6: 50 saved tunnels started at once on the emulator: time until all forward, the app
 * core's memory per idle tunnel, and the Tunnels view's frame time while every row shows live
 * counters.
 */
import { createServer, get, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import type { TunnelStatus } from '../src-shared/model/tunnel.js';
import type { MemoryFigures } from './lib/app-process.js';
import { startAppSession, waitForGridRows } from './lib/app-session.js';
import { pollFor, startFrames, stopFrames } from './lib/browser.js';
import { chromiumCpuSeconds, cpuOfTrees, loadText } from './lib/proc-stat.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import {
  fmt,
  median,
  MiB,
  percentile,
  progress,
  sleep,
  withTimeout,
  withinFrameTarget,
  FRAME_NOTE,
} from './lib/stats.js';

const TUNNELS = 50;
const PROFILE = 'bench';
const REGION = 'us-east-1';
/** Each tunnel fetches this much once a second while the frame time is measured. */
const BODY_BYTES = 16 * 1024;
const TRAFFIC_MS = 10_000;
const TARGET_TUNNEL_MIB = 2;
const TARGET_FRAME_P95_MS = 33;

const instanceId = (n: number): string => `i-07a0${n.toString(16).padStart(13, '0')}`;
const tunnelName = (n: number): string => `tunnel-${String(n).padStart(2, '0')}`;

/** The destination behind every tunnel: a small HTTP server on 127.0.0.1. */
async function startHttpServer(): Promise<{ server: Server; port: number }> {
  const body = Buffer.alloc(BODY_BYTES, 0x61);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the HTTP server has no port');
  return { server, port: address.port };
}

/** GET http://127.0.0.1:port/ on a new connection; resolves with the body's length. */
function fetchOnce(port: number): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port, path: '/', agent: false }, (response) => {
        let length = 0;
        response.on('data', (chunk: Buffer) => (length += chunk.length));
        response.once('end', () => resolve(length));
        response.once('error', reject);
      });
      request.once('error', reject);
    }),
    15_000,
    `GET through the tunnel on port ${port}`,
  );
}

function memoryRow(label: string, m: MemoryFigures): string[] {
  return [label, fmt(m.rss / MiB), fmt(m.heapUsed / MiB), fmt(m.external / MiB)];
}

export const appTunnelsBenchmark: Benchmark = {
  name: 'app-tunnels',
  title: 'App: 50 saved tunnels',
  async run() {
    const failures: string[] = [];
    const http = await startHttpServer();
    const instances = Array.from({ length: TUNNELS }, (_, i) => ({
      instanceId: instanceId(i + 1),
      region: REGION,
      name: `forward-${String(i + 1).padStart(2, '0')}`,
    }));
    progress(`emulator with ${TUNNELS} instances; saving ${TUNNELS} tunnels to 127.0.0.1:${http.port}`);
    const session = await startAppSession({
      emulator: { instances },
      profiles: [PROFILE],
      settings: { regions: [REGION] },
    });
    try {
      const page = session.page as Page;
      const { app, client } = session;
      await waitForGridRows(page, TUNNELS, 30_000);
      const ids: string[] = [];
      for (let i = 0; i < TUNNELS; i++) {
        const spec = await client.call('tunnels.save', {
          spec: {
            name: tunnelName(i + 1),
            profile: PROFILE,
            region: REGION,
            target: instanceId(i + 1),
            kind: 'port',
            remotePort: http.port,
            localPort: 0,
            bindAddress: '127.0.0.1',
            autoStart: false,
          },
        });
        ids.push(spec.id);
      }
      await page.locator('#view-tab-tunnels').click();
      await pollFor(
        `${TUNNELS} rows in the Tunnels view`,
        async () => {
          const rows = await page.getByRole('grid', { name: 'Tunnels' }).getAttribute('aria-rowcount');
          return Number(rows) - 1 === TUNNELS ? true : undefined;
        },
        20_000,
      );
      await sleep(1_000);
      const saved = await app.memory(true);

      progress(`starting ${TUNNELS} tunnels at once`);
      const statuses = new Map<string, TunnelStatus>();
      let allForwarding: () => void = () => undefined;
      const forwarding = new Promise<void>((resolve) => (allForwarding = resolve));
      const stop = client.on('tunnels.status', (payload) => {
        for (const status of payload.statuses) statuses.set(status.id, status);
        if (ids.every((id) => statuses.get(id)?.state === 'forwarding')) allForwarding();
      });
      const started = performance.now();
      const starts = await Promise.allSettled(ids.map((id) => client.call('tunnels.start', { id })));
      const startsReturned = performance.now() - started;
      for (const outcome of starts) {
        if (outcome.status === 'rejected') failures.push(`tunnels.start: ${String(outcome.reason)}`);
        else statuses.set(outcome.value.id, outcome.value);
      }
      if (ids.every((id) => statuses.get(id)?.state === 'forwarding')) allForwarding();
      await withTimeout(forwarding, 60_000, 'every tunnel forwarding').catch((error: Error) => {
        const states = ids.map((id) => statuses.get(id)?.state ?? 'unknown');
        throw new Error(
          `${error.message}: ${states.filter((s) => s !== 'forwarding').length} not forwarding`,
        );
      });
      const allForwardMs = performance.now() - started;
      stop();

      const ports = ids.map((id) => statuses.get(id)?.localPort ?? 0);
      const firstFetch = performance.now();
      const lengths = await Promise.all(ports.map((port) => fetchOnce(port)));
      const firstFetchMs = performance.now() - firstFetch;
      const wrong = lengths.filter((length) => length !== BODY_BYTES).length;
      if (wrong > 0) failures.push(`${wrong} tunnel(s) gave a wrong body`);
      await sleep(2_000);
      const idle = await app.memory(true);

      progress(
        `every tunnel fetches ${BODY_BYTES / 1024} KiB once a second for ${TRAFFIC_MS / 1000} s; frame time of the Tunnels view`,
      );
      const roots = { core: app.pid, emulator: session.emulator.pid };
      const cpuBefore = { ...cpuOfTrees(roots), chromium: chromiumCpuSeconds() };
      await startFrames(page);
      const trafficStart = performance.now();
      let requests = 0;
      await Promise.all(
        ports.map(async (port, i) => {
          await sleep((i * 1000) / TUNNELS);
          while (performance.now() - trafficStart < TRAFFIC_MS) {
            const begun = performance.now();
            await fetchOnce(port);
            requests++;
            await sleep(Math.max(0, 1000 - (performance.now() - begun)));
          }
        }),
      );
      const frames = await stopFrames(page);
      const seconds = (performance.now() - trafficStart) / 1000;
      const cpuAfter = { ...cpuOfTrees(roots), chromium: chromiumCpuSeconds() };
      const load = loadText();
      const busy = await app.memory(true);

      for (const id of ids) await client.call('tunnels.stop', { id });

      const perTunnel = {
        heap: (idle.heapUsed + idle.external - saved.heapUsed - saved.external) / TUNNELS,
        rss: (idle.rss - saved.rss) / TUNNELS,
      };
      const perTunnelMiB = Math.max(perTunnel.heap, perTunnel.rss) / MiB;
      const frameP95 = percentile(frames, 95);
      const cpu = (key: 'core' | 'emulator' | 'chromium'): string =>
        `${fmt(((cpuAfter[key] - cpuBefore[key]) / seconds) * 100)} %`;
      const timing: Table = {
        caption: 'Starting 50 tunnels at once',
        columns: ['Measure', 'ms'],
        rows: [
          ['all 50 `tunnels.start` calls answered', fmt(startsReturned)],
          ['until every tunnel is `forwarding` (tunnels.status)', fmt(allForwardMs)],
          [`then one GET of ${BODY_BYTES / 1024} KiB through each, all at once`, fmt(firstFetchMs)],
        ],
      };
      const memory: Table = {
        caption: 'App core process (after a full GC), MiB',
        columns: ['State', 'RSS', 'heap used', 'external'],
        rows: [
          memoryRow(`${TUNNELS} tunnels saved, stopped`, saved),
          memoryRow(`${TUNNELS} forwarding, idle (each used once)`, idle),
          memoryRow(`after ${fmt(seconds)} s of traffic`, busy),
        ],
      };
      const targets: Table = {
        caption: `While every tunnel moves ${BODY_BYTES / 1024} KiB a second (${requests} requests; load ${load}; CPU: app core ${cpu('core')}, emulator ${cpu('emulator')}, Chromium ${cpu('chromium')})`,
        columns: ['Measure', 'value', 'target', 'status'],
        rows: [
          ['app core memory per idle tunnel: heap + external', `${fmt(perTunnel.heap / MiB)} MiB`, '', ''],
          ['app core memory per idle tunnel: RSS', `${fmt(perTunnel.rss / MiB)} MiB`, '', ''],
          [
            'app core memory per idle tunnel (the larger)',
            `${fmt(perTunnelMiB)} MiB`,
            `≤ ${TARGET_TUNNEL_MIB} MiB`,
            statusText(statusOf(perTunnelMiB <= TARGET_TUNNEL_MIB)),
          ],
          [
            `Tunnels view frame time p95 (${frames.length} frames, median ${fmt(median(frames))} ms, max ${fmt(Math.max(...frames))} ms)`,
            `${fmt(frameP95)} ms`,
            `≤ ${TARGET_FRAME_P95_MS} ms`,
            statusText(statusOf(withinFrameTarget(frameP95, TARGET_FRAME_P95_MS))),
          ],
        ],
      };
      const summary: SummaryRow[] = [
        {
          metric: '50 tunnels started at once: all forwarding',
          value: `${fmt(allForwardMs)} ms`,
          target: '',
          status: '',
        },
        {
          metric: 'app core memory per idle tunnel',
          value: `${fmt(perTunnelMiB)} MiB`,
          target: `≤ ${TARGET_TUNNEL_MIB} MiB`,
          status: statusOf(perTunnelMiB <= TARGET_TUNNEL_MIB),
        },
        {
          metric: 'Tunnels view frame time p95, 50 rows with live counters',
          value: `${fmt(frameP95)} ms`,
          target: `≤ ${TARGET_FRAME_P95_MS} ms`,
          status: statusOf(withinFrameTarget(frameP95, TARGET_FRAME_P95_MS)),
        },
      ];
      return {
        method:
          `An emulator in its own Node process has ${TUNNELS} Linux instances (agent 3.3.1611.0: multiplexed port ` +
          'forwarding); the app (core + browser mode) runs in a second process with one AWS profile pointing at it; ' +
          `an HTTP server in the benchmark process on 127.0.0.1 answers every GET with ${BODY_BYTES / 1024} KiB. ` +
          `${TUNNELS} tunnels (local port 0 = any free one, remote port = the HTTP server, one per instance) are saved ` +
          'with `tunnels.save` from a contract client, and the page shows the Tunnels view. Then all ' +
          `${TUNNELS} \`tunnels.start\` calls are sent at once; the time runs until \`tunnels.status\` has reported ` +
          'every tunnel `forwarding`, and one GET goes through each to check it forwards. Memory is the app ' +
          'process’s `process.memoryUsage()` after two `gc()` calls, 2 s after those GETs, against the same with ' +
          'the tunnels saved and stopped; per tunnel = the difference / 50, judged on the larger of heap + external ' +
          `and RSS. Then every tunnel does one GET (a new connection) a second, staggered, for ${TRAFFIC_MS / 1000} s, ` +
          'so every row’s counters and connection totals change (the core batches status events to 4 a second), ' +
          'while the page records the time between `requestAnimationFrame` callbacks. ' +
          FRAME_NOTE,
        tables: [timing, memory, targets],
        summary,
        interpretation:
          `${TUNNELS} tunnels started at once all forward after ${fmt(allForwardMs)} ms (${fmt(allForwardMs / TUNNELS)} ms ` +
          `per tunnel if done one after another). An idle tunnel costs the core ${fmt(perTunnel.heap / MiB)} MiB of ` +
          `heap + external and ${fmt(perTunnel.rss / MiB)} MiB of RSS. With ${TUNNELS} rows updating, the Tunnels ` +
          `view keeps a frame time p95 of ${fmt(frameP95)} ms.`,
        failures,
      };
    } finally {
      await session.close();
      http.server.closeAllConnections();
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
    }
  },
};
