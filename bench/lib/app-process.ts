/**
 * The app core and browser mode in a Node process of their own (this file is that process's entry),
 * so that its memory and CPU are the app's alone: Playwright's driver, the benchmark's contract
 * client and the emulator live elsewhere. The parent (startAppProcess) talks to it over IPC: it
 * asks for memory figures (after a full GC, `--expose-gc`), samples peaks while something runs, and
 * takes CPU profiles of the core.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { startBrowserMode, type BrowserMode } from '../../src-main/app/browser/start-browser-mode.js';
import { withTimeout } from './stats.js';

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

export interface PeakFigures {
  rss: number;
  heapUsed: number;
  /** When the peak sampling ran, with how many samples. */
  samples: number;
}

type ParentMessage =
  | { kind: 'memory'; id: number; gc: boolean }
  | { kind: 'peak-start'; id: number }
  | { kind: 'peak-stop'; id: number }
  | { kind: 'delay-start'; id: number }
  | { kind: 'delay-stop'; id: number }
  | { kind: 'profile-start'; id: number }
  | { kind: 'profile-stop'; id: number }
  | { kind: 'close'; id: number };

type ChildMessage =
  | { kind: 'ready'; url: string; origin: string }
  | { kind: 'failed'; error: string }
  | { kind: 'answer'; id: number; value: unknown };

/** Event-loop delay of the app's process (perf_hooks.monitorEventLoopDelay), ms. */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface AppProcessOptions {
  userDataDir: string;
  /** The whole environment of the app's process (HOME decides which AWS profiles it sees). */
  env: NodeJS.ProcessEnv;
}

/** The parent's handle on the app's process. */
export interface AppProcess {
  readonly url: string;
  readonly origin: string;
  readonly pid: number;
  /** process.memoryUsage() of the app's process, after a full GC when `gc`. */
  memory(gc: boolean): Promise<MemoryFigures>;
  /** Samples memory every 10 ms until stopPeak(). */
  startPeak(): Promise<void>;
  stopPeak(): Promise<PeakFigures>;
  /** How long the app's event loop was kept from running timers, from start to stop. */
  startLoopDelay(): Promise<void>;
  stopLoopDelay(): Promise<LoopDelay>;
  /** The V8 CPU profile of the app's process (a .cpuprofile JSON object). */
  startProfile(): Promise<void>;
  stopProfile(): Promise<unknown>;
  close(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const child = fork(SELF, ['--app-process', options.userDataDir], {
    execArgv: ['--expose-gc'],
    env: options.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<{ url: string; origin: string }>((resolve, reject) => {
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') resolve(message);
      else if (message.kind === 'failed') reject(new Error(`the app process failed: ${message.error}`));
      else pending.get(message.id)?.(message.value);
    });
    void exited.then(() => reject(new Error('the app process exited before it was ready')));
  });
  const ask = <T>(message: ParentMessage): Promise<T> =>
    withTimeout(
      new Promise<T>((resolve) => {
        pending.set(message.id, (value) => {
          pending.delete(message.id);
          resolve(value as T);
        });
        child.send(message);
      }),
      60_000,
      `app process: ${message.kind}`,
    );
  let started: { url: string; origin: string };
  try {
    started = await withTimeout(ready, 60_000, 'app process start');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    ...started,
    pid: child.pid ?? 0,
    memory: (gc) => ask<MemoryFigures>({ kind: 'memory', id: nextId++, gc }),
    startPeak: () => ask<void>({ kind: 'peak-start', id: nextId++ }),
    stopPeak: () => ask<PeakFigures>({ kind: 'peak-stop', id: nextId++ }),
    startLoopDelay: () => ask<void>({ kind: 'delay-start', id: nextId++ }),
    stopLoopDelay: () => ask<LoopDelay>({ kind: 'delay-stop', id: nextId++ }),
    startProfile: () => ask<void>({ kind: 'profile-start', id: nextId++ }),
    stopProfile: () => ask<unknown>({ kind: 'profile-stop', id: nextId++ }),
    close: () => closeChild(child, exited, () => ask<void>({ kind: 'close', id: nextId++ })),
  };
}

async function closeChild(
  child: ChildProcess,
  exited: Promise<void>,
  ask: () => Promise<void>,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await withTimeout(ask(), 15_000, 'app process close').catch(() => child.kill('SIGKILL'));
  await withTimeout(exited, 5_000, 'app process exit').catch(() => child.kill('SIGKILL'));
}

function usage(): MemoryFigures {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

/** The child's side: browser mode on a free port, answering the parent until told to close. */
async function runAppProcess(userDataDir: string): Promise<void> {
  const send = (message: ChildMessage): void => void process.send?.(message);
  let app: BrowserMode;
  try {
    app = await startBrowserMode({ userDataDir, env: process.env, autoStartTunnels: false });
  } catch (error) {
    send({ kind: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  let peak: { rss: number; heapUsed: number; samples: number; timer: NodeJS.Timeout } | undefined;
  let profiler: Session | undefined;
  let delay: IntervalHistogram | undefined;
  process.on('message', (message: ParentMessage) => {
    const answer = (value: unknown): void => send({ kind: 'answer', id: message.id, value });
    switch (message.kind) {
      case 'memory':
        if (message.gc && gc) {
          // Twice: the first pass may leave finalizers and weak references for the second.
          gc();
          gc();
        }
        answer(usage());
        return;
      case 'peak-start': {
        clearInterval(peak?.timer);
        const state = { rss: 0, heapUsed: 0, samples: 0, timer: setInterval(() => sample(), 10) };
        const sample = (): void => {
          const now = process.memoryUsage();
          state.rss = Math.max(state.rss, now.rss);
          state.heapUsed = Math.max(state.heapUsed, now.heapUsed);
          state.samples++;
        };
        sample();
        peak = state;
        answer(undefined);
        return;
      }
      case 'peak-stop': {
        const state = peak;
        peak = undefined;
        if (state) clearInterval(state.timer);
        answer({ rss: state?.rss ?? 0, heapUsed: state?.heapUsed ?? 0, samples: state?.samples ?? 0 });
        return;
      }
      case 'delay-start':
        delay?.disable();
        delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        answer(undefined);
        return;
      case 'delay-stop': {
        const histogram = delay;
        delay = undefined;
        histogram?.disable();
        const ms = (ns: number | undefined): number => (ns ?? Number.NaN) / 1e6;
        answer({
          p50: ms(histogram?.percentile(50)),
          p99: ms(histogram?.percentile(99)),
          max: ms(histogram?.max),
        });
        return;
      }
      case 'profile-start':
        void (async () => {
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.setSamplingInterval', { interval: 500 });
          await profiler.post('Profiler.start');
          answer(undefined);
        })();
        return;
      case 'profile-stop':
        void (async () => {
          const session = profiler;
          profiler = undefined;
          if (!session) return answer(undefined);
          const { profile } = await session.post('Profiler.stop');
          session.disconnect();
          answer(profile);
        })();
        return;
      case 'close':
        void app.close().finally(() => {
          answer(undefined);
          setTimeout(() => process.exit(0), 50);
        });
        return;
    }
  });
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
  send({ kind: 'ready', url: app.url, origin: app.origin });
}

const at = process.argv.indexOf('--app-process');
if (at >= 0) await runAppProcess(process.argv[at + 1] ?? '');
