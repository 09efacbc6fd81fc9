import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FleetItem, FleetRun } from '../../../src-shared/model/fleet.js';
import { targetKey, type TargetRef } from '../../../src-shared/model/target.js';
import { toErrorInfo } from '../../client/error-info.js';
import { runCommand } from '../../client/run-command.js';
import { terminateSessions } from '../../client/session-list.js';
import { remoteCommandLine } from '../../client/remote-command-line.js';
import { ContractFailure } from './contract-failure.js';
import type { ProfileDirectory } from './profile-directory.js';

/** Output kept per instance and stream; the rest is counted, not kept. */
const MAX_OUTPUT_BYTES = 1024 * 1024;
/** Runs reach views at most this often while they change. */
const CHANGE_BATCH_MS = 250;
/** Finished runs kept for the table (the oldest go first). */
const MAX_RUNS = 50;
/**
 * A cancelled command first gets Ctrl-C (what the agent passes on to a command without stdin);
 * one still running this much later has its session terminated, as a command that ignores SIGINT
 * (or a shell waiting on a child) would otherwise run on.
 */
const CANCEL_GRACE_MS = 2_000;

/** Keeps the first MAX_OUTPUT_BYTES written to it. */
class CappedOutput extends Writable {
  private readonly chunks: Buffer[] = [];
  kept = 0;
  total = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.total += chunk.length;
    const room = MAX_OUTPUT_BYTES - this.kept;
    if (room > 0) {
      const piece = chunk.subarray(0, room);
      this.chunks.push(piece);
      this.kept += piece.length;
    }
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

interface ItemState {
  item: FleetItem;
  /** Ends the session for good (TerminateSession), once it has started. */
  terminate?: () => Promise<unknown>;
  stdout: CappedOutput;
  stderr: CappedOutput;
  abort: AbortController;
}

interface RunState {
  run: FleetRun;
  items: Map<string, ItemState>;
  cancelled: boolean;
}

export interface FleetHooks {
  changed(run: FleetRun): void;
  began?(target: TargetRef, name: string | undefined, command: string): string;
  finished?(token: string, item: FleetItem): void;
}

/**
 * Fleet commands: one command on many instances through non-interactive command sessions
 * (AWS-StartNonInteractiveCommand, separate stdout and stderr, the exit code), at most
 * `concurrency` at once, each instance's result and output kept for the table and the exports.
 */
export class FleetRunner {
  private readonly runs = new Map<string, RunState>();
  private readonly dirty = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly profiles: ProfileDirectory,
    /** What the inventory knows of an instance: its Name tag, and whether it runs Windows. */
    private readonly describe: (target: TargetRef) => { name?: string | undefined; windows: boolean },
    private readonly hooks: FleetHooks,
  ) {}

  list(): FleetRun[] {
    return [...this.runs.values()].map((state) => state.run).reverse();
  }

  start(targets: readonly TargetRef[], command: string, concurrency: number): FleetRun {
    const unique = [...new Map(targets.map((t) => [targetKey(t), t])).values()];
    const runId = randomUUID();
    const items = new Map<string, ItemState>();
    for (const target of unique) {
      const { name } = this.describe(target);
      items.set(targetKey(target), {
        item: { key: targetKey(target), target, ...(name ? { name } : {}), state: 'queued', outputBytes: 0 },
        stdout: new CappedOutput(),
        stderr: new CappedOutput(),
        abort: new AbortController(),
      });
    }
    const state: RunState = {
      run: {
        runId,
        command,
        concurrency,
        startedAt: Date.now(),
        items: [...items.values()].map((i) => i.item),
      },
      items,
      cancelled: false,
    };
    this.runs.set(runId, state);
    for (const old of [...this.runs.keys()].slice(0, Math.max(0, this.runs.size - MAX_RUNS)))
      this.runs.delete(old);
    void this.execute(state);
    return state.run;
  }

  rerunFailed(runId: string): FleetRun {
    const { run } = this.state(runId);
    const failed = run.items
      .filter((i) => i.state === 'failed' || i.state === 'cancelled')
      .map((i) => i.target);
    if (failed.length === 0) throw new ContractFailure('invalid-params', 'no instance of that run failed');
    return this.start(failed, run.command, run.concurrency);
  }

  cancel(runId: string): void {
    const state = this.state(runId);
    state.cancelled = true;
    for (const entry of state.items.values()) {
      entry.abort.abort();
      if (entry.item.state !== 'running') continue;
      const timer = setTimeout(() => {
        if (entry.item.state === 'running') void entry.terminate?.().catch(() => undefined);
      }, CANCEL_GRACE_MS);
      timer.unref();
    }
  }

  output(runId: string, key: string): { stdout: string; stderr: string; truncated: boolean } {
    const item = this.state(runId).items.get(key);
    if (!item) throw new ContractFailure('not-found', `no instance ${key} in that run`);
    return {
      stdout: item.stdout.text(),
      stderr: item.stderr.text(),
      truncated: item.stdout.total > item.stdout.kept || item.stderr.total > item.stderr.kept,
    };
  }

  export(runId: string, format: 'json' | 'csv'): { fileName: string; text: string } {
    const state = this.state(runId);
    const stamp = new Date(state.run.startedAt).toISOString().replace(/[:.]/g, '-');
    const rows = [...state.items.values()].map(({ item, stdout, stderr }) => ({
      instanceId: item.target.instanceId,
      name: item.name ?? '',
      profile: item.target.profile,
      region: item.target.region,
      state: item.state,
      exitCode: item.exitCode ?? null,
      durationMs: item.durationMs ?? null,
      sessionId: item.sessionId ?? '',
      error: item.error?.message ?? '',
      stdout: stdout.text(),
      stderr: stderr.text(),
    }));
    if (format === 'json') {
      const text = JSON.stringify(
        { command: state.run.command, startedAt: new Date(state.run.startedAt).toISOString(), results: rows },
        null,
        2,
      );
      return { fileName: `fleet-${stamp}.json`, text: `${text}\n` };
    }
    const columns = [
      'instanceId',
      'name',
      'profile',
      'region',
      'state',
      'exitCode',
      'durationMs',
      'sessionId',
      'error',
    ] as const;
    const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(','))];
    return { fileName: `fleet-${stamp}.csv`, text: `${lines.join('\r\n')}\r\n` };
  }

  closeAll(): void {
    clearTimeout(this.flushTimer);
    for (const id of this.runs.keys()) this.cancel(id);
  }

  private async execute(state: RunState): Promise<void> {
    const queue = [...state.items.values()];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) await this.runItem(state, next);
    };
    await Promise.all(Array.from({ length: Math.min(state.run.concurrency, queue.length) }, worker));
    state.run = { ...state.run, finishedAt: Date.now() };
    this.touch(state);
  }

  private async runItem(state: RunState, entry: ItemState): Promise<void> {
    if (state.cancelled) {
      this.setItem(state, entry, { state: 'cancelled' });
      return;
    }
    const started = Date.now();
    this.setItem(state, entry, { state: 'running' });
    const token = this.hooks.began?.(entry.item.target, entry.item.name, state.run.command);
    try {
      const context = await this.profiles.contextFor(entry.item.target.profile, entry.item.target.region);
      const result = await runCommand(context, {
        target: entry.item.target.instanceId,
        // A command line for the instance's shell (pipes, `;`, `exit 3`), as `ssm-desk exec` sends one.
        command: remoteCommandLine([state.run.command], this.describe(entry.item.target).windows),
        stdout: entry.stdout,
        stderr: entry.stderr,
        signal: entry.abort.signal,
        onSessionStarted: (sessionId) => {
          entry.terminate = () => terminateSessions(context, [sessionId]);
          this.setItem(state, entry, { sessionId });
        },
      });
      const exitCode = result.exitCode;
      const ok = exitCode === undefined ? result.end.kind === 'closed' : exitCode === 0;
      this.setItem(state, entry, {
        state: entry.abort.signal.aborted ? 'cancelled' : ok ? 'succeeded' : 'failed',
        ...(exitCode !== undefined ? { exitCode } : {}),
        durationMs: Date.now() - started,
      });
    } catch (error) {
      this.setItem(state, entry, {
        state: entry.abort.signal.aborted ? 'cancelled' : 'failed',
        error: toErrorInfo(error),
        durationMs: Date.now() - started,
      });
    }
    if (token) this.hooks.finished?.(token, entry.item);
  }

  private setItem(state: RunState, entry: ItemState, fields: Partial<FleetItem>): void {
    entry.item = { ...entry.item, ...fields, outputBytes: entry.stdout.total + entry.stderr.total };
    state.run = { ...state.run, items: [...state.items.values()].map((i) => i.item) };
    this.touch(state);
  }

  private touch(state: RunState): void {
    this.dirty.add(state.run.runId);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      for (const id of this.dirty) {
        const run = this.runs.get(id)?.run;
        if (run) this.hooks.changed(run);
      }
      this.dirty.clear();
    }, CHANGE_BATCH_MS);
  }

  private state(runId: string): RunState {
    const state = this.runs.get(runId);
    if (!state) throw new ContractFailure('not-found', `no fleet run ${runId}`);
    return state;
  }
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
