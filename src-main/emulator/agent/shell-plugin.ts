import { spawn, type IPty } from '@lydell/node-pty';
import { homedir } from 'node:os';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';
import { HandlerNotReadyError } from './agent-channel.js';
import { readPause, sleep, type AgentPlugin, type AgentPluginContext } from './agent-plugin.js';
import { ByteQueue } from './byte-queue.js';
import { sessionEnvironment } from './session-environment.js';
import { splitIncompleteUtf8Tail } from './utf8-carry.js';

/** The agent waits this long before its first read of the pty (spec §10). */
const FIRST_OUTPUT_DELAY_MS = 1000;
/** Pty output held in memory before the pty is paused (the kernel buffer then blocks the shell). */
const HIGH_WATER_BYTES = 256 * 1024;

export interface ShellPluginOptions {
  /** InteractiveCommands: run `sh -c <command>` instead of an interactive `sh`. */
  command?: string;
  /** Session preferences' shell profile, written to the pty followed by a newline. */
  shellProfile?: string;
}

/**
 * Standard_Stream and InteractiveCommands on a real pty (agent/session/shell): output read in chunks of
 * at most 1024 bytes after a 1 s delay with the UTF-8 carry-over, input written to the pty, size
 * messages applied, and the channel closed when the shell exits.
 */
export class ShellPlugin implements AgentPlugin {
  private pty: IPty | undefined;
  private readonly pending = new ByteQueue();
  private ptyPaused = false;
  private exited = false;
  private cancelled = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly context: AgentPluginContext,
    private readonly options: ShellPluginOptions = {},
  ) {}

  start(): void {
    const env = { ...(this.context.environment ?? sessionEnvironment(process.env)), TERM: 'xterm-256color' };
    const args = this.options.command === undefined ? [] : ['-c', this.options.command];
    try {
      this.pty = spawn('sh', args, {
        name: 'xterm-256color',
        cols: 80,
        rows: 24,
        cwd: homedir(),
        env,
        encoding: null,
      });
    } catch (error) {
      this.context.log(`shell failed to start: ${(error as Error).message}`);
      this.context.finish();
      return;
    }
    this.pty.onData((data: string | Buffer) =>
      this.onPtyData(typeof data === 'string' ? Buffer.from(data) : data),
    );
    this.pty.onExit(() => {
      this.exited = true;
      this.wake?.();
    });
    if (this.options.shellProfile) this.pty.write(`${this.options.shellProfile}\n`);
    this.context.ready();
    void this.pump();
  }

  onInput(message: ClientMessage): void {
    const pty = this.pty;
    if (!pty || this.exited) throw new HandlerNotReadyError();
    if (message.payloadType === PayloadType.Output) {
      // node-pty's typings say string, but the unix pty writes Buffers byte for byte, which raw input needs.
      pty.write(message.payload as unknown as string);
    } else if (message.payloadType === PayloadType.Size) {
      const size = parseSize(message.payload);
      if (size) pty.resize(size.cols, size.rows);
    }
  }

  cancel(): void {
    this.cancelled = true;
    this.wake?.();
    if (this.pty && !this.exited) {
      try {
        this.pty.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private onPtyData(data: Buffer): void {
    this.pending.push(data);
    if (this.pending.length > HIGH_WATER_BYTES && !this.ptyPaused) {
      this.ptyPaused = true;
      this.pty?.pause();
    }
    this.wake?.();
  }

  private async pump(): Promise<void> {
    await sleep(FIRST_OUTPUT_DELAY_MS);
    let carry: Buffer = Buffer.alloc(0);
    while (!this.cancelled) {
      if (this.pending.length === 0) {
        if (this.exited) break;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if (!this.context.isActive()) {
        await sleep(10);
        continue;
      }
      const read = this.take(STREAM_DATA_PAYLOAD_SIZE);
      const { complete, carry: nextCarry } = splitIncompleteUtf8Tail(Buffer.concat([carry, read]));
      carry = nextCarry;
      this.context.send(PayloadType.Output, complete);
      await readPause(this.context.pace);
    }
    if (carry.length > 0 && !this.cancelled) this.context.send(PayloadType.Output, carry);
    if (!this.cancelled) this.context.finish();
  }

  private take(limit: number): Buffer {
    const chunk = this.pending.take(limit);
    if (this.ptyPaused && this.pending.length < HIGH_WATER_BYTES / 2) {
      this.ptyPaused = false;
      this.pty?.resume();
    }
    return chunk;
  }
}

function parseSize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { cols, rows } = value as Record<string, unknown>;
    if (typeof cols !== 'number' || typeof rows !== 'number') return undefined;
    if (
      !Number.isInteger(cols) ||
      !Number.isInteger(rows) ||
      cols < 1 ||
      rows < 1 ||
      cols > 10000 ||
      rows > 10000
    ) {
      return undefined;
    }
    return { cols, rows };
  } catch {
    return undefined;
  }
}
