import { profileShares, type CpuShares } from './lib/cpu-profile.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import { errorText, fmt, MB, MiB, progress, sleep } from './lib/stats.js';
import {
  describeEnd,
  download,
  openTunnel,
  upload,
  type Transfer,
  type Tunnel,
} from './lib/tunnel-harness.js';

/** Fast-mode transfers aim at this size; slower configurations get a size that takes about TARGET_SECONDS. */
const MAX_BYTES = 64 * MiB;
const PROBE_BYTES = 2 * MiB;
const TARGET_SECONDS = 5;
const TRANSFER_TIMEOUT_MS = 40_000;
const TARGET_MBPS = 20;
/** Size of the extra transfer run under the sampling profiler (fast pace only). */
const PROFILED_BYTES = 16 * MiB;

export const MUX_AGENT = '3.3.1611.0';
export const BASIC_AGENT = '3.0.161.0';

interface Config {
  mode: 'mux' | 'basic';
  pace: 'fast' | 'real';
  agent: string;
  /** The emulator in a child process: the client has a core of its own, as against AWS. */
  ownProcess: boolean;
}

/** The configurations the target applies to: fast pace, client and emulator in separate processes. */
const isTargeted = (config: Config): boolean => config.pace === 'fast' && config.ownProcess;
const placement = (config: Config): string => (config.ownProcess ? 'own process' : 'same process');

interface DirectionResult {
  transfer?: Transfer;
  /** Fast pace only: an extra, profiled transfer and who used the CPU during it. */
  shares?: CpuShares;
  error?: string;
}

interface ConfigResult {
  config: Config;
  upload: DirectionResult;
  download: DirectionResult;
  openError?: string;
  resends: number;
  sent: number;
}

/** A probe transfer, then one sized to take about TARGET_SECONDS (at most 64 MiB). */
async function measureDirection(
  tunnel: Tunnel,
  kind: 'upload' | 'download',
  profile: boolean,
): Promise<DirectionResult> {
  const run = kind === 'upload' ? upload : download;
  try {
    const probe = await run(tunnel.localPort, PROBE_BYTES, TRANSFER_TIMEOUT_MS);
    const rate = probe.bytes / (probe.ms / 1000);
    const size = Math.max(PROBE_BYTES, Math.min(MAX_BYTES, Math.round((rate * TARGET_SECONDS) / MiB) * MiB));
    await sleep(100);
    const transfer = await run(tunnel.localPort, size, TRANSFER_TIMEOUT_MS);
    if (!profile) return { transfer };
    await sleep(100);
    const { shares } = await profileShares(() => run(tunnel.localPort, PROFILED_BYTES, TRANSFER_TIMEOUT_MS));
    return { transfer, shares };
  } catch (error) {
    return { error: errorText(error) };
  }
}

async function measureConfig(config: Config): Promise<ConfigResult> {
  const result: ConfigResult = { config, upload: {}, download: {}, resends: 0, sent: 0 };
  const label = `${config.mode} (agent ${config.agent}), agentPace ${config.pace}, emulator in ${placement(config)}`;
  let tunnel: Tunnel;
  try {
    progress(`${label}: opening the tunnel`);
    tunnel = await openTunnel(config.pace, config.agent, config.ownProcess);
  } catch (error) {
    result.openError = errorText(error);
    return result;
  }
  let endedEarly = '';
  void tunnel.session.done.then((end) => (endedEarly = describeEnd(end)));
  try {
    if (tunnel.port.mode !== config.mode) {
      throw new Error(
        `expected ${config.mode} mode for agent ${config.agent}, the client chose ${tunnel.port.mode}`,
      );
    }
    progress(`${label}: upload`);
    // The profiler samples this process only, so it splits the CPU when everything runs here.
    const profile = config.pace === 'fast' && !config.ownProcess;
    result.upload = await measureDirection(tunnel, 'upload', profile);
    if (endedEarly) result.upload.error ??= `session ended: ${endedEarly}`;
    progress(`${label}: download`);
    result.download = await measureDirection(tunnel, 'download', profile);
    if (endedEarly) result.download.error ??= `session ended: ${endedEarly}`;
    result.resends = tunnel.session.stats.resends;
    result.sent = tunnel.session.stats.streamMessagesSent;
  } catch (error) {
    result.openError = errorText(error);
  } finally {
    await tunnel.close();
  }
  return result;
}

const mbps = (t: Transfer | undefined): number => (t ? t.bytes / MB / (t.ms / 1000) : Number.NaN);
/**
 * If the client had the core to itself: the measured rate divided by the client's part of the busy time,
 * counting unattributed time (Node internals, ws, GC) in proportion to the attributed shares.
 */
function clientCeiling(rate: number, shares: CpuShares): number {
  const attributed = shares.client + shares.emulator + shares.bench;
  const busy = 1 - shares.idle;
  if (attributed <= 0 || busy <= 0) return Number.NaN;
  const clientPart = (shares.client + shares.unattributed * (shares.client / attributed)) / busy;
  return rate / clientPart;
}

const cpuPerMb = (t: Transfer | undefined): number => (t ? t.cpuMicros / 1e6 / (t.bytes / MB) : Number.NaN);

export const tunnelBenchmark: Benchmark = {
  name: 'tunnel',
  title: 'Port-forward throughput',
  async run() {
    const configs: Config[] = [
      { mode: 'mux', pace: 'fast', agent: MUX_AGENT, ownProcess: true },
      { mode: 'basic', pace: 'fast', agent: BASIC_AGENT, ownProcess: true },
      { mode: 'mux', pace: 'fast', agent: MUX_AGENT, ownProcess: false },
      { mode: 'basic', pace: 'fast', agent: BASIC_AGENT, ownProcess: false },
      { mode: 'mux', pace: 'real', agent: MUX_AGENT, ownProcess: true },
      { mode: 'basic', pace: 'real', agent: BASIC_AGENT, ownProcess: true },
    ];
    const results: ConfigResult[] = [];
    for (const config of configs) results.push(await measureConfig(config));

    const failures: string[] = [];
    const throughputRows: string[][] = [];
    const summary: SummaryRow[] = [];
    const resendNotes: string[] = [];
    for (const r of results) {
      const name = `${r.config.mode} (agent ${r.config.agent})`;
      const where = `${r.config.pace}, emulator in ${placement(r.config)}`;
      if (r.openError) failures.push(`${name}, ${where}: ${r.openError}`);
      for (const kind of ['upload', 'download'] as const) {
        const d = r[kind];
        const error = r.openError ?? d.error;
        if (d.error && !r.openError) failures.push(`${name}, ${where}, ${kind}: ${d.error}`);
        const rate = mbps(d.transfer);
        const targeted = isTargeted(r.config);
        const status = error ? 'failed' : targeted ? statusOf(rate >= TARGET_MBPS) : '';
        throughputRows.push([
          name,
          r.config.pace,
          placement(r.config),
          kind,
          d.transfer ? fmt(d.transfer.bytes / MiB) : 'n/a',
          error ? 'failed' : fmt(rate),
          error ? 'n/a' : fmt(cpuPerMb(d.transfer)),
          error || !d.transfer ? 'n/a' : fmt(d.transfer.cpuMicros / 1000 / d.transfer.ms, 2),
          targeted ? `≥ ${TARGET_MBPS}` : '—',
          statusText(status),
        ]);
        if (targeted) {
          summary.push({
            metric: `${r.config.mode} ${kind}, fast pace, emulator in its own process`,
            value: error ? 'failed' : `${fmt(rate)} MB/s`,
            target: `≥ ${TARGET_MBPS} MB/s`,
            status,
          });
        }
      }
      if (r.resends > 0) {
        const share =
          r.sent > 0 ? ` (${fmt((100 * r.resends) / r.sent, 2)}% of ${fmt(r.sent, 3)} messages)` : '';
        resendNotes.push(`${r.config.mode} ${where}: ${r.resends}${share}`);
      }
    }
    const throughput: Table = {
      caption: 'Throughput (MB = 10⁶ bytes)',
      columns: [
        'Mode (agent)',
        'agentPace',
        'emulator',
        'direction',
        'MiB moved',
        'MB/s',
        'CPU s per MB',
        'CPU cores busy',
        'target MB/s',
        'status',
      ],
      rows: throughputRows,
    };
    const pct = (share: number): string => `${fmt(share * 100, 2)}%`;
    const cpuRows: string[][] = [];
    const ceilings: string[] = [];
    for (const x of results) {
      for (const kind of ['upload', 'download'] as const) {
        const shares = x[kind].shares;
        if (!shares) continue;
        const ceiling = clientCeiling(mbps(x[kind].transfer), shares);
        ceilings.push(`${x.config.mode} ${kind} ≈ ${fmt(ceiling, 2)} MB/s`);
        cpuRows.push([
          `${x.config.mode} (agent ${x.config.agent})`,
          kind,
          pct(shares.client),
          pct(shares.emulator),
          pct(shares.unattributed),
          pct(shares.bench),
          pct(shares.idle),
          fmt(ceiling, 2),
        ]);
      }
    }
    const cpuTable: Table = {
      caption: `Where the CPU goes: an extra ${PROFILED_BYTES / MiB} MiB transfer per direction under the V8 sampling profiler (fast pace, emulator in the same process)`,
      columns: [
        'Mode (agent)',
        'direction',
        'client engine',
        'emulator (relay + agent)',
        'Node internals, ws, GC',
        'bench sockets',
        'idle',
        'rough client-only MB/s',
      ],
      rows: cpuRows,
    };
    const r = (mode: string, pace: string, ownProcess: boolean): ConfigResult | undefined =>
      results.find(
        (x) => x.config.mode === mode && x.config.pace === pace && x.config.ownProcess === ownProcess,
      );
    const muxUp = mbps(r('mux', 'fast', true)?.upload.transfer);
    const muxDown = mbps(r('mux', 'fast', true)?.download.transfer);
    const basicUp = mbps(r('basic', 'fast', true)?.upload.transfer);
    const basicDown = mbps(r('basic', 'fast', true)?.download.transfer);
    const sharedMuxUp = mbps(r('mux', 'fast', false)?.upload.transfer);
    const sharedMuxDown = mbps(r('mux', 'fast', false)?.download.transfer);
    const sharedBasicUp = mbps(r('basic', 'fast', false)?.upload.transfer);
    const sharedBasicDown = mbps(r('basic', 'fast', false)?.download.transfer);
    const realDown = mbps(r('mux', 'real', true)?.download.transfer);
    return {
      method:
        'For each configuration a fresh emulator is started, either in its own Node process (as `npm run emulator`, or ' +
        'AWS, would be: the client then has a core to itself) or in the benchmark process itself (`agentPace` fast: ' +
        'the simulated agent only yields ' +
        'to the event loop between 1024-byte reads; real: it sleeps 1 ms between reads as the Go agent does), and a TCP ' +
        'destination server listens on 127.0.0.1. StartSession with `AWS-StartPortForwardingSession` ' +
        '(`portNumber` = the destination, `localPortNumber` = 0) goes through the emulator’s SSM API; the client side is ' +
        '`Session` + `PortSession` listening on 127.0.0.1:0, wired as `src-main/plugin/run-plugin-session.ts` wires them. ' +
        `Mux is the instance with agent ${MUX_AGENT}, basic the one with agent ${BASIC_AGENT}. Each direction runs a ` +
        `${PROBE_BYTES / MiB} MiB probe (also the warm-up), then a transfer sized to take about ${TARGET_SECONDS} s, ` +
        `at most ${MAX_BYTES / MiB} MiB, over one local connection; upload ends when the destination has counted every ` +
        'byte, download when the local client has received every byte. CPU is `process.cpuUsage()` over the transfer ' +
        'for the benchmark process: the client and both TCP endpoints, plus the emulator’s relay and simulated agent ' +
        'in the same-process rows, where every payload is encoded, hashed, decoded and acknowledged on both sides of ' +
        'the data channel on one core (the second table shows the split). The target of issue 3 (≥ 20 MB/s each ' +
        'way in fast mode) is judged on the own-process rows, the setup the client meets against AWS.',
      tables: [throughput, cpuTable],
      summary,
      interpretation:
        `With the emulator in its own process, fast mode moves mux ${fmt(muxUp)} MB/s up and ${fmt(muxDown)} MB/s ` +
        `down, basic ${fmt(basicUp)} / ${fmt(basicDown)} MB/s, against a target of ${TARGET_MBPS} MB/s. With the ` +
        `emulator in the same process the figures are mux ${fmt(sharedMuxUp)} / ${fmt(sharedMuxDown)} and basic ` +
        `${fmt(sharedBasicUp)} / ${fmt(sharedBasicDown)} MB/s, and the "CPU cores busy" column shows what bounds ` +
        'them: the one Node thread that runs the client, the relay and the simulated agent together is saturated (about ' +
        '1.0; a little more is V8’s GC helper threads), so those numbers are a per-core cost, not a protocol limit. Every 1024-byte payload is one data-channel ' +
        'message with a SHA-256 digest, a fresh UUID and BigInt header fields, answered by a JSON acknowledge; each ' +
        'message and each ack is its own websocket frame and its own `writev`/`write` system call, and both ends of the ' +
        'channel do this work in this process. A `node --cpu-prof` profile of mux fast runs taken while writing this ' +
        'benchmark (2026-11-25, not regenerated by it) put about 17% in ' +
        'socket write system calls (one per frame), 8% in SHA-256, 8–11% in garbage collection, 5–8% in Buffer ' +
        'allocation and copying, 3% in UUID formatting and 2% in the relay re-reading its configuration for every frame; ' +
        'no single function dominates (basic downloads also spend about a fifth of the time writing each 1024-byte ' +
        'payload to the local socket with its own `write` call). The second table splits the sampled time by the ' +
        'nearest `src-main` frame on the stack: the client engine takes roughly half of the busy time, the emulator ' +
        'about a quarter, the rest is unattributable Node, ws and GC work. Against AWS the client has the core to ' +
        `itself; scaled by its share, the rough client-only ceilings are ${ceilings.join(', ') || 'n/a'}, which the ` +
        'own-process rows measure directly. ' +
        `In real pace the agent sleeps 1 ms ` +
        `between 1024-byte reads, which caps downloads near 1 MB/s (measured ${fmt(realDown)} MB/s), exactly as the ` +
        'real agent does: that bound is the agent’s, not ours. ' +
        (resendNotes.length > 0
          ? `The client resent messages (${resendNotes.join('; ')}). Two causes, neither a loss: the acks of a deep ` +
            'upload queue (up to 10,000 messages in flight) come back later than the RTO, which is capped at 1 s ' +
            '(spec §4.3), and the simulated agent refuses data with ErrHandlerNotReady while its destination socket ' +
            'is backed up, as the real agent does, so flow control happens by resending. Each resend repeats a full ' +
            '1024-byte message, so the percentage is roughly the upload capacity spent on it.'
          : 'The client resent no message.'),
      failures,
    };
  },
};
