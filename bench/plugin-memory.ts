/**
 * Memory of the drop-in plugin (issue 11 §2): the AWS CLI starts one `session-manager-plugin` process
 * per session, and ops users keep many tunnels open, so its resident size is what each one costs.
 * Measured side by side with an idle Node process (the floor no Node program can go below), during an
 * idle shell and an idle port forward against the emulator, which runs in a process of its own.
 */
import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  instanceWithAgent,
  pluginArgvFor,
  startBenchEmulator,
  type BenchEmulator,
} from './lib/emulator-session.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import { errorText, fmt, MB, median, MiB, progress, sleep, withTimeout } from './lib/stats.js';

const ROUNDS = 3;
/** Time after every process is ready before sampling: V8's memory reducer runs about 8 s after start-up. */
const SETTLE_MS = 12_000;
const SAMPLE_MS = 5_000;
const SAMPLE_EVERY_MS = 500;
/** Issue 11 §2: at most Node's floor plus this. */
const TARGET_OVER_FLOOR_MIB = 8;
const UPLOAD_BYTES = 32 * MiB;
const AFTER_UPLOAD_MS = 10_000;
const CURRENT_AGENT = '3.3.1611.0';
const PROMPT = /[$#] $/;

/** dist/ is one level above this file once compiled (dist/bench/plugin-memory.js). */
const DIST = fileURLToPath(new URL('../', import.meta.url));
/** The npm package's bin (src-main/app/scripts/bundle-cli.mjs). */
const NPM_BIN = `${DIST}bin/session-manager-plugin.cjs`;
/** tsc's output, which the desktop app's launchers run. */
const TSC_MAIN = `${DIST}src-main/plugin/main.js`;

type Kind = 'floor' | 'shell' | 'port';

/** A program that can act as session-manager-plugin: Node and a script, or a native binary. */
interface Plugin {
  label: string;
  /** How the table shows it. */
  shown: string;
  file: string;
  args: string[];
  /** The one the target is judged on. */
  judged: boolean;
}

interface Subject {
  label: string;
  shown: string;
  kind: Kind;
  plugin?: Plugin;
  judged: boolean;
}

interface Running {
  pid: number;
  /** The local port of a port session. */
  port?: number;
  /** Undefined while it runs; else how it ended, with the end of its output. */
  ended(): string | undefined;
  stop(): Promise<void>;
}

interface Sample {
  rss: number;
  anon: number;
  hwm: number;
}

function plugins(): { list: Plugin[]; notes: string[] } {
  const notes: string[] = [];
  const list: Plugin[] = [];
  const node = (label: string, shown: string, file: string, judged: boolean): Plugin => ({
    label,
    shown,
    file: process.execPath,
    args: [file],
    judged,
  });
  if (existsSync(NPM_BIN)) {
    list.push(
      node('npm bin', '`dist/bin/session-manager-plugin.cjs` (the npm package’s bin)', NPM_BIN, true),
    );
  } else notes.push(`${NPM_BIN} does not exist: build first (npm run build)`);
  if (existsSync(TSC_MAIN)) {
    list.push(
      node(
        'tsc output',
        '`node dist/src-main/plugin/main.js` (unbundled, as the desktop app runs it)',
        TSC_MAIN,
        false,
      ),
    );
  }
  // Another build to compare with (e.g. an earlier commit's dist/src-main/plugin/main.js).
  const baseline = process.env.SSM_DESK_BASELINE_PLUGIN;
  if (baseline) {
    if (existsSync(baseline))
      list.push(node('baseline', `\`node ${baseline}\` (SSM_DESK_BASELINE_PLUGIN)`, baseline, false));
    else notes.push(`SSM_DESK_BASELINE_PLUGIN=${baseline} does not exist`);
  }
  // AWS's Go plugin, when one is at hand (it is not part of this repository).
  const go = process.env.SSM_DESK_GO_PLUGIN;
  if (go) {
    if (existsSync(go))
      list.push({
        label: 'Go plugin',
        shown: `\`${go}\` (AWS's Go plugin, SSM_DESK_GO_PLUGIN)`,
        file: go,
        args: [],
        judged: false,
      });
    else notes.push(`SSM_DESK_GO_PLUGIN=${go} does not exist`);
  }
  return { list, notes };
}

function subjects(list: Plugin[]): Subject[] {
  const all: Subject[] = [
    {
      label: 'idle node (floor)',
      shown: '`node -e "setInterval(()=>{},1e3)"`',
      kind: 'floor',
      judged: false,
    },
  ];
  for (const kind of ['shell', 'port'] as const) {
    for (const plugin of list) {
      all.push({
        label: `${plugin.label}, ${kind === 'shell' ? 'shell' : 'port forward'}`,
        shown: plugin.shown,
        kind,
        plugin,
        judged: plugin.judged,
      });
    }
  }
  return all;
}

/** VmRSS, RssAnon and VmHWM of a process, in bytes (Linux /proc). */
function memoryOf(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), hwm: field('VmHWM') };
}

/**
 * The destination of the port sessions: a connection that starts with "E" is echoed (the readiness
 * probe), any other is counted (the upload).
 */
class Destination {
  readonly server: Server;
  private received = 0;
  private waiting: { bytes: number; resolve: () => void } | undefined;

  constructor() {
    this.server = createServer((socket: Socket) => {
      let mode: 'echo' | 'count' | undefined;
      socket.on('data', (chunk: Buffer) => {
        mode ??= chunk[0] === 0x45 ? 'echo' : 'count';
        if (mode === 'echo') socket.write(chunk);
        else this.count(chunk.length);
      });
      socket.on('error', () => undefined);
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('the destination has no port');
    return address.port;
  }

  /** Resolves once `bytes` more than now have been counted. */
  counted(bytes: number): Promise<void> {
    const target = this.received + bytes;
    return new Promise((resolve) => {
      this.waiting = { bytes: target, resolve };
      this.count(0);
    });
  }

  private count(bytes: number): void {
    this.received += bytes;
    if (this.waiting && this.received >= this.waiting.bytes) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve();
    }
  }
}

/** The plugin's arguments for a StartSession answer, in the form AWS CLI v1 passes them. */
function pluginArgs(
  bench: BenchEmulator,
  target: string,
  kind: 'shell' | 'port',
  destination: number,
): Promise<string[]> {
  return pluginArgvFor(
    bench,
    bench.emulator.endpoint,
    kind === 'shell'
      ? { target }
      : {
          target,
          documentName: 'AWS-StartPortForwardingSession',
          parameters: { portNumber: String(destination), localPortNumber: '0' },
        },
  );
}

function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return env;
}

async function startFloor(): Promise<Running> {
  const child = spawn(process.execPath, ['-e', 'setInterval(()=>{},1e3)'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return { pid: child.pid as number, ended: () => endedText(child, ''), stop: () => stopChild(child) };
}

/** An idle shell: the plugin in a pty, until the remote prompt shows. */
async function startShell(plugin: Plugin, args: string[]): Promise<Running> {
  const pty: IPty = spawnPty(plugin.file, [...plugin.args, ...args], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    env: childEnv(),
  });
  let seen = '';
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    pty.onExit(({ exitCode, signal }) => {
      exited = `exited (status ${exitCode}${signal ? `, signal ${signal}` : ''}): ${JSON.stringify(seen.slice(-300))}`;
      resolve();
    }),
  );
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      pty.onData((data) => {
        seen = (seen + data).slice(-4096);
        if (seen.includes('Starting session') && PROMPT.test(seen)) resolve();
      });
      void exit.then(() => reject(new Error(`${plugin.label} exited: ${JSON.stringify(seen.slice(-300))}`)));
    }),
    30_000,
    `${plugin.label}: no shell prompt (saw ${JSON.stringify(seen.slice(-300))})`,
  );
  return {
    pid: pty.pid,
    ended: () => exited,
    async stop() {
      if (exited) return;
      pty.write('\x15exit\r');
      await withTimeout(exit, 8_000, `${plugin.label} did not exit`).catch(() => pty.kill('SIGKILL'));
    },
  };
}

/** An idle port forward: listening, one connection made through it and closed, as a used tunnel idles. */
async function startPort(plugin: Plugin, args: string[]): Promise<Running> {
  const child = spawn(plugin.file, [...plugin.args, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  });
  let seen = '';
  const port = await withTimeout(
    new Promise<number>((resolve, reject) => {
      const watch = (chunk: Buffer): void => {
        seen += chunk.toString();
        const match = /Port (\d+) opened/.exec(seen);
        if (match) resolve(Number(match[1]));
      };
      child.stdout.on('data', watch);
      child.stderr.on('data', watch);
      child.once('exit', () =>
        reject(new Error(`${plugin.label} exited: ${JSON.stringify(seen.slice(-300))}`)),
      );
    }),
    30_000,
    `${plugin.label}: no "Port … opened" (saw ${JSON.stringify(seen.slice(-300))})`,
  );
  const socket = connect(port, '127.0.0.1');
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', () => resolve());
      socket.write('E: one round trip before idling\n');
    }),
    15_000,
    `${plugin.label}: nothing came back through the tunnel`,
  );
  socket.destroy();
  return {
    pid: child.pid as number,
    port,
    ended: () => endedText(child, seen),
    stop: () => stopChild(child, 'SIGINT'),
  };
}

function endedText(child: ChildProcess, output: string): string | undefined {
  if (child.exitCode === null && child.signalCode === null) return undefined;
  return `exited (${child.signalCode ?? `status ${child.exitCode}`}): ${JSON.stringify(output.slice(-300))}`;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await withTimeout(exited, 8_000, 'the process did not exit').catch(() => child.kill('SIGKILL'));
}

async function startSubject(
  subject: Subject,
  bench: BenchEmulator,
  target: string,
  destination: number,
): Promise<Running> {
  if (subject.kind === 'floor' || !subject.plugin) return startFloor();
  const args = await pluginArgs(bench, target, subject.kind, destination);
  return subject.kind === 'shell' ? startShell(subject.plugin, args) : startPort(subject.plugin, args);
}

/** Sends `bytes` into a port session's local port and resolves when the destination has them all. */
async function upload(port: number, destination: Destination, bytes: number): Promise<number> {
  const started = performance.now();
  const done = destination.counted(bytes);
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
      resolve();
    };
    pump();
  });
  await withTimeout(done, 120_000, 'the upload did not arrive');
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return bytes / MB / seconds;
}

/** The process's memory now, or undefined (and a failure naming how it ended) when it is gone. */
function sampleOf(proc: Running, label: string, failures: string[]): Sample | undefined {
  const ended = proc.ended();
  if (ended === undefined) {
    try {
      return memoryOf(proc.pid);
    } catch {
      // It ended between the check and the read: its exit is reported below.
    }
  }
  const text = `${label}: ${proc.ended() ?? 'gone'}`;
  if (!failures.includes(text)) failures.push(text);
  return undefined;
}

const mib = (bytes: number): string => fmt(bytes / MiB);
/** A difference with its sign. */
const signed = (bytes: number): string => `${bytes >= 0 ? '+' : '−'}${fmt(Math.abs(bytes) / MiB)}`;

export const pluginMemoryBenchmark: Benchmark = {
  name: 'plugin-memory',
  title: 'Drop-in plugin memory',
  async run() {
    const failures: string[] = [];
    const { list, notes } = plugins();
    failures.push(...notes.filter((note) => note.includes('build first')));
    const all = subjects(list);
    const samples = new Map<string, Sample[]>(all.map((subject) => [subject.label, []]));
    const destination = new Destination();
    const destinationPort = await destination.listen();
    const load: number[] = [];
    // The emulator in its own process, as AWS would be: the plugins' memory is theirs alone.
    const bench = await startBenchEmulator('real', () => undefined, { separateProcess: true });
    const target = instanceWithAgent(bench, CURRENT_AGENT).instanceId;
    const busy: Array<{ label: string; mbps: number; peak: number; after: Sample[]; before: Sample }> = [];
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        progress(`round ${round}/${ROUNDS}: ${all.length} processes side by side`);
        const running: Array<{ subject: Subject; process: Running }> = [];
        try {
          for (const subject of all) {
            try {
              running.push({ subject, process: await startSubject(subject, bench, target, destinationPort) });
            } catch (error) {
              failures.push(`round ${round}, ${subject.label}: ${errorText(error)}`);
            }
          }
          await sleep(SETTLE_MS);
          load.push(loadavg()[0] ?? Number.NaN);
          for (let at = 0; at < SAMPLE_MS; at += SAMPLE_EVERY_MS) {
            for (const { subject, process: proc } of running) {
              const sample = sampleOf(proc, subject.label, failures);
              if (sample) samples.get(subject.label)?.push(sample);
            }
            await sleep(SAMPLE_EVERY_MS);
          }
          if (round === ROUNDS) {
            // A burst through each port forward, then idle again: what a used tunnel keeps.
            for (const { subject, process: proc } of running) {
              if (subject.kind !== 'port' || proc.port === undefined) continue;
              progress(`${subject.label}: ${UPLOAD_BYTES / MiB} MiB upload`);
              const before = sampleOf(proc, subject.label, failures);
              if (!before) continue;
              try {
                const mbps = await upload(proc.port, destination, UPLOAD_BYTES);
                const peak = sampleOf(proc, subject.label, failures);
                if (peak) busy.push({ label: subject.label, mbps, peak: peak.hwm, after: [], before });
              } catch (error) {
                failures.push(
                  `${subject.label} upload: ${errorText(error)}; ${proc.ended() ?? 'still running'}`,
                );
              }
            }
            await sleep(AFTER_UPLOAD_MS);
            for (const entry of busy) {
              const proc = running.find((r) => r.subject.label === entry.label)?.process;
              const sample = proc && sampleOf(proc, entry.label, failures);
              if (sample) entry.after.push(sample);
            }
          }
        } finally {
          await Promise.all(running.map(({ process: proc }) => proc.stop()));
        }
      }
    } finally {
      await bench.close();
      destination.server.close();
    }

    const floorSamples = samples.get('idle node (floor)') ?? [];
    const floor = median(floorSamples.map((s) => s.rss));
    const limit = floor + TARGET_OVER_FLOOR_MIB * MiB;
    const summary: SummaryRow[] = [];
    const rows = all.map((subject) => {
      const taken = samples.get(subject.label) ?? [];
      const rss = taken.map((s) => s.rss);
      const med = median(rss);
      const status = taken.length === 0 ? 'failed' : subject.judged ? statusOf(med <= limit) : '';
      if (subject.judged) {
        summary.push({
          metric: `plugin RSS, idle ${subject.kind === 'shell' ? 'shell' : 'port forward'} (median; idle node ${mib(floor)} MiB)`,
          value: taken.length ? `${mib(med)} MiB (${signed(med - floor)})` : 'failed',
          target: `≤ node + ${TARGET_OVER_FLOOR_MIB} MiB`,
          status,
        });
      }
      return [
        subject.label,
        subject.shown,
        taken.length ? mib(Math.min(...rss)) : 'n/a',
        taken.length ? mib(med) : 'n/a',
        taken.length && subject.kind !== 'floor' ? signed(med - floor) : '—',
        taken.length ? mib(median(taken.map((s) => s.anon))) : 'n/a',
        subject.judged ? `≤ ${mib(limit)}` : '—',
        statusText(status),
      ];
    });
    const table: Table = {
      caption: `After ${SETTLE_MS / 1000} s of settling, ${ROUNDS} rounds side by side (MiB)`,
      columns: [
        'Process',
        'Program',
        'RSS min',
        'RSS median',
        'over floor',
        'anonymous (median)',
        'target',
        'status',
      ],
      rows,
    };
    const busyTable: Table = {
      caption: `The same port forwards, ${UPLOAD_BYTES / MiB} MiB uploaded through each in the last round (MiB)`,
      columns: ['Process', 'MB/s', 'RSS before', 'peak RSS (VmHWM)', `RSS ${AFTER_UPLOAD_MS / 1000} s after`],
      rows: busy.map((entry) => [
        entry.label,
        fmt(entry.mbps),
        mib(entry.before.rss),
        mib(entry.peak),
        entry.after[0] ? mib(entry.after[0].rss) : 'n/a',
      ]),
    };
    const judged = all
      .filter((subject) => subject.judged)
      .map((subject) => median((samples.get(subject.label) ?? []).map((s) => s.rss)));
    const go = all
      .filter((subject) => subject.plugin?.label === 'Go plugin')
      .map((subject) => median((samples.get(subject.label) ?? []).map((s) => s.rss)));
    const loadText = load.map((value) => fmt(value, 2)).join(', ');
    return {
      method:
        `Every process runs at the same time on this machine, ${ROUNDS} rounds in a row: an idle \`node -e "setInterval(()=>{},1e3)"\` ` +
        '(the floor: what any Node program costs here) and, for each plugin program, an idle shell (in a pty, after the remote prompt) and ' +
        'an idle port forward (`AWS-StartPortForwardingSession`, local port 0, one connection through it and closed) against the emulator, ' +
        `which runs in its own Node process (instance with agent ${CURRENT_AGENT}, real pace). Each plugin gets the StartSession answer on argv ` +
        'as AWS CLI v1 passes it (the benchmark called StartSession), so it makes no AWS call of its own. ' +
        `After ${SETTLE_MS / 1000} s of settling (V8's memory reducer runs about 8 s after start-up), VmRSS and RssAnon are read from ` +
        `/proc/<pid>/status every ${SAMPLE_EVERY_MS} ms for ${SAMPLE_MS / 1000} s; the table gives the minimum and the median over all ` +
        `samples of all rounds. RSS includes the pages of the node binary and shared libraries that the process touched, which every Node process ` +
        'on the machine shares; the anonymous column is memory private to the process. In the last round, each port forward then carries a ' +
        `${UPLOAD_BYTES / MiB} MiB upload (one connection, to a counting destination) and its RSS is read again ${AFTER_UPLOAD_MS / 1000} s later. ` +
        `Load average (1 min) when sampling: ${loadText}.` +
        (list.some((p) => p.label === 'Go plugin')
          ? ''
          : ' AWS’s Go plugin is measured when SSM_DESK_GO_PLUGIN names its binary; it was not set.'),
      tables: [table, busyTable],
      summary,
      interpretation:
        `An idle Node process holds ${mib(floor)} MiB here; the npm package’s plugin holds ${judged.map((value) => `${mib(value)} MiB`).join(' (shell) and ')} ` +
        `(port forward) while idle, ${judged.map((value) => signed(value - floor)).join(' and ')} MiB over it, against a target of +${TARGET_OVER_FLOOR_MIB} MiB. ` +
        'What a session adds to Node: the websocket client and Node’s http, https, tls, net and zlib modules it loads, crypto for the message digests, ' +
        'the engine (one bundled CommonJS file of about 0.3 MB: no ES module loader, no module resolution), and V8’s heap for them. ' +
        'Nothing of the AWS SDK is loaded: the StartSession answer comes from the AWS CLI, and the SDK (with the shared config and credentials) ' +
        'is imported only for ResumeSession after an outage, TerminateSession and KMS encryption. ' +
        (go.length
          ? `AWS’s Go plugin holds ${go.map((value) => `${mib(value)} MiB`).join(' and ')}: a Go program has no JavaScript engine to carry. `
          : '') +
        'RSS also counts the node binary’s pages a process has touched, which all Node processes share; the anonymous column is what each ' +
        'further tunnel really adds. At session start the plugin keeps V8’s young generation at its start size (`--semi-space-growth-factor=1`; ' +
        'a burst would grow it to 32 MiB, which the process then keeps) and does not optimize small functions on their first tick ' +
        '(`--max-bytecode-size-for-early-opt=0`; one connection would wake TurboFan, whose code adds 3 MiB resident). ' +
        busy
          .map(
            (entry) =>
              `After the ${UPLOAD_BYTES / MiB} MiB upload, ${entry.label} held ${entry.after[0] ? mib(entry.after[0].rss) : 'n/a'} MiB ` +
              `${AFTER_UPLOAD_MS / 1000} s later (peak ${mib(entry.peak)}). `,
          )
          .join('') +
        'The MB/s column is one run on a shared machine and only shows that each tunnel worked' +
        (go.length
          ? '; the Go plugin’s uploads through the emulator are slow here, which was not investigated.'
          : '.'),
      failures,
    };
  },
};
