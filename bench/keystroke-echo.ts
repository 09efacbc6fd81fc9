import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ShellSession } from '../src-main/sessions/shell-session.js';
import {
  startBenchEmulator,
  instanceWithAgent,
  openSession,
  pluginArgvFor,
  type BenchEmulator,
} from './lib/emulator-session.js';
import { MemoryTerminal } from './lib/memory-terminal.js';
import type { Benchmark, SummaryRow, Table } from './lib/report.js';
import { statusOf, statusText } from './lib/report.js';
import { errorText, fmt, mean, median, percentile, progress, sleep, withTimeout } from './lib/stats.js';

const KEYSTROKES = 300;
const WARMUP_KEYSTROKES = 20;
/** Pause between keystrokes, so each is measured on an idle channel as typing would be. */
const GAP_MS = 5;
/** Interactive-feel target for one keystroke's echo on loopback (no network in the path). */
const TARGET_P99_MS = 20;
const CURRENT_AGENT = '3.3.1611.0';
const PLUGIN_MAIN = fileURLToPath(new URL('../src-main/plugin/main.js', import.meta.url));
const PROMPT = /[$#] $/;

interface EchoChannel {
  /** Sends one byte and resolves with the time until output containing it arrives. */
  keystroke(char: string): Promise<number>;
  close(): Promise<void>;
}

interface Measured {
  path: string;
  pace: 'fast' | 'real';
  samples: number[];
  error?: string;
}

/** Output watcher shared by both paths: resolves waiters when the text they want shows up. */
class OutputWatch {
  private text = '';
  private waiter: { test: (text: string) => boolean; resolve: (at: number) => void } | undefined;

  feed(chunk: string, at: number): void {
    this.text = (this.text + chunk).slice(-4096);
    if (this.waiter?.test(this.text)) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve(at);
    }
  }

  /** Forget what was seen so far. */
  clear(): void {
    this.text = '';
  }

  until(test: (text: string) => boolean, ms: number, what: string): Promise<number> {
    if (test(this.text)) return Promise.resolve(performance.now());
    return withTimeout(new Promise<number>((resolve) => (this.waiter = { test, resolve })), ms, what).finally(
      () => (this.waiter = undefined),
    );
  }

  get seen(): string {
    return this.text;
  }
}

async function inProcessShell(bench: BenchEmulator): Promise<EchoChannel> {
  const terminal = new MemoryTerminal();
  const watch = new OutputWatch();
  terminal.onOutput = (chunk, at) => watch.feed(chunk.toString('latin1'), at);
  const target = instanceWithAgent(bench, CURRENT_AGENT).instanceId;
  const session = await openSession(
    bench,
    { target },
    { Standard_Stream: (c) => new ShellSession(c, terminal) },
  );
  void session.done.then((end) => watch.feed(`\n[session ended: ${end.kind}]`, performance.now()));
  await watch.until(
    (t) => PROMPT.test(t),
    20_000,
    `no shell prompt (saw ${JSON.stringify(watch.seen.slice(-200))})`,
  );
  return {
    async keystroke(char) {
      watch.clear();
      const sent = performance.now();
      terminal.type(char);
      const at = await watch.until((t) => t.includes(char), 5_000, `no echo of ${JSON.stringify(char)}`);
      return at - sent;
    },
    async close() {
      terminal.type('\x15exit\r');
      await withTimeout(session.done, 5_000, 'shell did not end after exit').catch(() =>
        session.end({ kind: 'local', reason: 'benchmark done' }),
      );
    },
  };
}

async function pluginInPty(bench: BenchEmulator): Promise<EchoChannel> {
  const target = instanceWithAgent(bench, CURRENT_AGENT).instanceId;
  const argv = await pluginArgvFor(bench, bench.emulator.endpoint, { target });
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const pty: IPty = spawnPty(process.execPath, [PLUGIN_MAIN, ...argv], {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    env,
    encoding: null,
  });
  const watch = new OutputWatch();
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    pty.onExit(() => {
      exited = true;
      resolve();
    }),
  );
  pty.onData((data: string | Buffer) =>
    watch.feed(typeof data === 'string' ? data : data.toString('latin1'), performance.now()),
  );
  await watch.until(
    (t) => t.includes('Starting session') && PROMPT.test(t),
    20_000,
    `no shell prompt through the plugin (saw ${JSON.stringify(watch.seen.slice(-300))})`,
  );
  return {
    async keystroke(char) {
      if (exited) throw new Error(`the plugin exited: ${JSON.stringify(watch.seen.slice(-300))}`);
      watch.clear();
      const sent = performance.now();
      pty.write(char);
      const at = await watch.until(
        (t) => t.includes(char),
        5_000,
        `no echo of ${JSON.stringify(char)} through the plugin`,
      );
      return at - sent;
    },
    async close() {
      pty.write('\x15exit\r');
      await withTimeout(exit, 8_000, 'plugin did not exit').catch(() => pty.kill('SIGKILL'));
    },
  };
}

async function measure(path: string, pace: 'fast' | 'real'): Promise<Measured> {
  progress(`${path}, agentPace ${pace}: ${KEYSTROKES} keystrokes`);
  const bench = await startBenchEmulator(pace);
  const samples: number[] = [];
  try {
    const channel = path === 'plugin' ? await pluginInPty(bench) : await inProcessShell(bench);
    try {
      await sleep(200);
      const letters = 'abcdefghijklmnopqrstuvwxyz';
      for (let i = 0; i < WARMUP_KEYSTROKES + KEYSTROKES; i++) {
        const ms = await channel.keystroke(letters[i % letters.length] as string);
        if (i >= WARMUP_KEYSTROKES) samples.push(ms);
        await sleep(GAP_MS);
      }
    } finally {
      await channel.close();
    }
    return { path, pace, samples };
  } catch (error) {
    return { path, pace, samples, error: errorText(error) };
  } finally {
    await bench.close();
  }
}

const PATH_LABEL: Record<string, string> = {
  engine: 'Session + ShellSession in process (MemoryTerminal)',
  plugin: '`session-manager-plugin` binary in a pty',
};

export const keystrokeEchoBenchmark: Benchmark = {
  name: 'keystroke-echo',
  title: 'Shell keystroke-echo latency',
  async run() {
    const runs: Measured[] = [];
    const pluginBuilt = existsSync(PLUGIN_MAIN);
    for (const pace of ['fast', 'real'] as const) {
      runs.push(await measure('engine', pace));
      if (pluginBuilt) runs.push(await measure('plugin', pace));
    }
    const failures = runs.filter((r) => r.error).map((r) => `${PATH_LABEL[r.path]}, ${r.pace}: ${r.error}`);
    if (!pluginBuilt) failures.push(`${PLUGIN_MAIN} does not exist: the plugin path was not measured`);
    const table: Table = {
      columns: [
        'Path',
        'agentPace',
        'keystrokes',
        'median ms',
        'mean ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        `target p99`,
        'status',
      ],
      rows: runs.map((r) => {
        const ok = !r.error && r.samples.length === KEYSTROKES;
        const p99 = percentile(r.samples, 99);
        return [
          PATH_LABEL[r.path] ?? r.path,
          r.pace,
          String(r.samples.length),
          fmt(median(r.samples)),
          fmt(mean(r.samples)),
          fmt(percentile(r.samples, 90)),
          fmt(p99),
          fmt(Math.max(...r.samples)),
          `≤ ${TARGET_P99_MS} ms`,
          statusText(ok ? statusOf(p99 <= TARGET_P99_MS) : 'failed'),
        ];
      }),
    };
    const summary: SummaryRow[] = runs
      .filter((r) => r.pace === 'real')
      .map((r) => ({
        metric: `keystroke echo p99, ${r.path === 'plugin' ? 'plugin in a pty' : 'engine in process'} (real pace)`,
        value: r.error ? 'failed' : `${fmt(percentile(r.samples, 99))} ms (median ${fmt(median(r.samples))})`,
        target: `p99 ≤ ${TARGET_P99_MS} ms`,
        status: r.error ? 'failed' : statusOf(percentile(r.samples, 99) <= TARGET_P99_MS),
      }));
    const engineReal = runs.find((r) => r.path === 'engine' && r.pace === 'real');
    const pluginReal = runs.find((r) => r.path === 'plugin' && r.pace === 'real');
    return {
      method:
        'An in-process emulator (default inventory, instance with agent 3.3.1611.0, whose simulated agent runs `sh` on a ' +
        'real pty) is started; StartSession goes through its SSM API with the AWS SDK (`src-main/client/session-launcher.ts`, ' +
        'us-east-1, dummy credentials). Two paths are measured: the engine alone (`Session` + `ShellSession` over an ' +
        'in-memory `TerminalIO`, in the same process as the emulator), and the real `session-manager-plugin` binary ' +
        '(`dist/src-main/plugin/main.js`, the way the AWS CLI calls it) running in a pty from `@lydell/node-pty`, which adds ' +
        'the plugin process, its raw-mode TTY and a second pty. After the prompt appears, ' +
        `${WARMUP_KEYSTROKES} warm-up and then ${KEYSTROKES} single letters are sent one at a time, ${GAP_MS} ms apart; ` +
        'each sample is the time from writing the byte to the first output chunk that contains it (the remote pty’s ' +
        'echo). The agent path per keystroke: client frame → relay → agent → pty write → echo → agent reads (up to ' +
        '1024 bytes) → frame → relay → client, plus the acknowledges in both directions. The target is our own ' +
        'interactive-feel budget on loopback, not an issue requirement.',
      tables: [table],
      summary,
      interpretation:
        `On loopback a keystroke comes back in ${fmt(median(engineReal?.samples ?? []))} ms (median, real pace) ` +
        'through the engine' +
        (pluginReal && !pluginReal.error
          ? ` and in ${fmt(median(pluginReal.samples))} ms through the plugin binary in a pty, so the second process, ` +
            'its raw-mode stdin and the extra pty add little'
          : '') +
        '. The agent pace hardly matters: the simulated agent’s 1 ms sleep comes after a read, so a lone echo is ' +
        'sent at once. What remains is two websocket hops (client ↔ relay), the in-process relay → agent hand-off, ' +
        'a pty round trip and a handful of event-loop turns, each well under a millisecond; the p99 of a few ' +
        'milliseconds is timer and GC noise on a 2-core machine. Against AWS, the network round trip to the ' +
        'region (tens of milliseconds) dominates everything measured here, so the client adds nothing a user can feel.',
      failures,
    };
  },
};
