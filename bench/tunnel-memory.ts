import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf } from './lib/report.js';
import { errorText, fmt, MiB, progress, sleep } from './lib/stats.js';
import { closeSocket, connectLocal, describeEnd, openTunnel, type Tunnel } from './lib/tunnel-harness.js';
import { MUX_AGENT } from './tunnel.js';

const CONNECTIONS = 1_000;
const BATCH = 50;
const ROUNDS = 2;
const PAYLOAD = Buffer.alloc(1024, 0x61);
/** "Flat": after-GC heap of the last round within this much of the first round's. */
const FLAT_TOLERANCE_BYTES = 2 * MiB;

interface Snapshot {
  rss: number;
  heapUsed: number;
  external: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function snapshot(): Snapshot {
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external };
}

async function collected(): Promise<Snapshot> {
  if (gc) {
    // Twice, with a turn between, so weak callbacks and finalizers run.
    gc();
    await sleep(50);
    gc();
  }
  return snapshot();
}

/** One connection: connect, echo 1 KiB through the destination, close. */
async function churnOne(tunnel: Tunnel): Promise<void> {
  const socket = await connectLocal(tunnel.localPort);
  try {
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`echo timed out after ${received} bytes`)), 15_000);
      socket.on('data', (data: Buffer) => {
        received += data.length;
        if (received >= PAYLOAD.length) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.once('close', () => {
        clearTimeout(timer);
        reject(new Error(`connection closed after ${received} bytes`));
      });
      socket.write(Buffer.concat([Buffer.from('E'), PAYLOAD]));
    });
  } finally {
    await closeSocket(socket);
  }
}

interface Round {
  peak: Snapshot;
  after: Snapshot;
  afterGc: Snapshot;
  openAfter: number;
  ms: number;
}

async function churnRound(tunnel: Tunnel): Promise<Round> {
  const peak = snapshot();
  const started = performance.now();
  for (let done = 0; done < CONNECTIONS; done += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, CONNECTIONS - done) }, () => churnOne(tunnel)));
    const now = snapshot();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
    peak.external = Math.max(peak.external, now.external);
  }
  const ms = performance.now() - started;
  await sleep(500);
  const after = snapshot();
  const afterGc = await collected();
  return { peak, after, afterGc, openAfter: tunnel.port.stats.connectionsOpen, ms };
}

const mib = (bytes: number): string => fmt(bytes / MiB);

export const tunnelMemoryBenchmark: Benchmark = {
  name: 'tunnel-memory',
  title: 'Port-forward memory',
  async run() {
    const failures: string[] = [];
    if (!gc) failures.push('global.gc is not available: run with node --expose-gc for the after-GC rows');
    const baseline = await collected();
    progress('opening a mux tunnel (fast pace)');
    const tunnel = await openTunnel('fast', MUX_AGENT);
    let endedEarly = '';
    void tunnel.session.done.then((end) => (endedEarly = describeEnd(end)));
    const rows: string[][] = [];
    const row = (label: string, s: Snapshot): void => {
      rows.push([label, mib(s.rss), mib(s.heapUsed), mib(s.external)]);
    };
    row('process before the tunnel (after GC)', baseline);
    const rounds: Round[] = [];
    let idle: Snapshot | undefined;
    try {
      // One connection first, so the SDK, smux and the agent's code paths are all loaded.
      await churnOne(tunnel);
      await sleep(300);
      idle = await collected();
      row('1 mux tunnel open, idle (after GC)', idle);
      for (let round = 1; round <= ROUNDS; round++) {
        progress(`round ${round}: ${CONNECTIONS} connections in batches of ${BATCH}`);
        const result = await churnRound(tunnel);
        rounds.push(result);
        row(`round ${round}: peak while ${CONNECTIONS} connections open and close`, result.peak);
        row(`round ${round}: after (0.5 s later)`, result.after);
        row(`round ${round}: after GC`, result.afterGc);
        if (result.openAfter !== 0)
          failures.push(`round ${round}: ${result.openAfter} connections still counted open`);
      }
    } catch (error) {
      failures.push(`${errorText(error)}${endedEarly ? ` (session ended: ${endedEarly})` : ''}`);
    } finally {
      await tunnel.close();
    }
    const table: Table = {
      caption: 'Whole process (client + emulator + destination), MiB',
      columns: ['State', 'RSS', 'heap used', 'external (Buffers)'],
      rows,
    };
    const first = rounds[0];
    const last = rounds[rounds.length - 1];
    const growth = first && last && idle ? last.afterGc.heapUsed - idle.heapUsed : Number.NaN;
    const drift = first && last ? last.afterGc.heapUsed - first.afterGc.heapUsed : Number.NaN;
    const flat = Number.isFinite(drift) && Math.abs(drift) <= FLAT_TOLERANCE_BYTES;
    const summary: SummaryRow[] = [
      {
        metric: `heap after GC, idle tunnel → after ${ROUNDS}×${CONNECTIONS} connections`,
        value: idle && last ? `${mib(idle.heapUsed)} → ${mib(last.afterGc.heapUsed)} MiB` : 'failed',
        target: `flat (round-to-round drift ≤ ${FLAT_TOLERANCE_BYTES / MiB} MiB)`,
        status: last ? statusOf(flat) : 'failed',
      },
    ];
    const rate = first ? (CONNECTIONS / first.ms) * 1000 : Number.NaN;
    return {
      method:
        `One mux tunnel (agent ${MUX_AGENT}, fast pace) is opened and idles; then, in each of ${ROUNDS} rounds, ` +
        `${CONNECTIONS} local connections are opened in batches of ${BATCH} concurrent ones, each echoing 1 KiB through ` +
        'the destination and closing. `process.memoryUsage()` is sampled after every batch (peak), 0.5 s after the ' +
        'round, and after `global.gc()` (the benchmark runs under `node --expose-gc`). The process holds the client, ' +
        'the emulator (relay, simulated agent with its smux server and one destination connection per stream) and the ' +
        'destination server, so these are upper bounds for the client.',
      tables: [table],
      summary,
      interpretation:
        idle && last
          ? `With one idle tunnel the process holds ${mib(idle.rss)} MiB RSS and ${mib(idle.heapUsed)} MiB of heap. ` +
            `Churning ${CONNECTIONS} connections (${fmt(rate)} connections/s) raises the heap to ` +
            `${mib(first?.peak.heapUsed ?? Number.NaN)} MiB at most, and after GC it returns to ` +
            `${mib(last.afterGc.heapUsed)} MiB (${growth >= 0 ? '+' : ''}${fmt(growth / 1024)} KiB over idle; ` +
            `round ${ROUNDS} vs round 1: ${drift >= 0 ? '+' : ''}${fmt(drift / 1024)} KiB). ` +
            (flat
              ? 'Memory is flat: closed streams, sockets and their buffers are released, and the forwarder counts ' +
                'no connection as open afterwards. RSS stays above the heap figures because V8 and the allocator keep ' +
                'freed pages for reuse.'
              : 'Memory is NOT flat between rounds: something keeps per-connection state after close.')
          : 'The churn did not complete; see the failures.',
      failures,
    };
  },
};
