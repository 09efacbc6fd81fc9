import { spawn, type ChildProcess } from 'node:child_process';
import { homedir } from 'node:os';
import type { Readable } from 'node:stream';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';
import { HandlerNotReadyError } from './agent-channel.js';
import { readPause, sleep, type AgentPlugin, type AgentPluginContext } from './agent-plugin.js';
import { sessionEnvironment } from './session-environment.js';
import { splitShellWords } from './shell-words.js';

const PREFIX_PATTERN = /^[0-9a-zA-Z\r\n_:-]{0,30}$/;

interface CommandSettings {
  words: string[];
  separateOutput: boolean;
  stdoutPrefix: string;
  stderrPrefix: string;
}

/**
 * NonInteractiveCommands (agent/session/plugins/sessionplugin + execcmd): the command runs without a
 * pty and without stdin. With separate output, stdout goes out as Output (1) and stderr as StdErr (11),
 * each read at most 1024 − len(prefix) bytes, then `EXIT_CODE: n` as ExitCode (12). Without it, the
 * combined output is sent after the command exits, and no exit code.
 */
export class CommandPlugin implements AgentPlugin {
  private child: ChildProcess | undefined;
  private cancelled = false;

  constructor(private readonly context: AgentPluginContext) {}

  start(): void {
    void this.run();
  }

  onInput(message: ClientMessage): void {
    const child = this.child;
    if (!child) throw new HandlerNotReadyError();
    if (message.payloadType !== PayloadType.Output) return;
    // Only Ctrl-C and Ctrl-\ mean anything to a command without stdin.
    if (message.payload.includes(0x03)) child.kill('SIGINT');
    if (message.payload.includes(0x1c)) child.kill('SIGQUIT');
  }

  cancel(): void {
    this.cancelled = true;
    this.child?.kill('SIGKILL');
  }

  private async run(): Promise<void> {
    const settings = readSettings(this.context.properties);
    if (typeof settings === 'string') {
      await this.failBeforeStart(settings);
      return;
    }
    const [file, ...args] = settings.words;
    const child = spawn(file ?? '', args, {
      cwd: homedir(),
      env: this.context.environment ?? sessionEnvironment(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const exited = new Promise<number>((resolve) => {
      child.once('error', () => resolve(1));
      child.once('close', (code, signal) => resolve(signal ? -1 : (code ?? 1)));
    });
    const spawnError = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (error) => resolve(error));
    });
    this.context.ready();
    if (spawnError) {
      await this.failBeforeStart(`failed to run commands: ${spawnError.message}`);
      return;
    }
    if (settings.separateOutput) {
      await Promise.all([
        this.pumpStream(child.stdout as Readable, PayloadType.Output, settings.stdoutPrefix),
        this.pumpStream(child.stderr as Readable, PayloadType.StdErr, settings.stderrPrefix),
      ]);
      const code = await exited;
      if (this.cancelled) return;
      this.context.send(PayloadType.ExitCode, Buffer.from(`EXIT_CODE: ${code}`));
    } else {
      const combined: Buffer[] = [];
      child.stdout?.on('data', (data: Buffer) => combined.push(data));
      child.stderr?.on('data', (data: Buffer) => combined.push(data));
      await exited;
      if (this.cancelled) return;
      const all = Buffer.concat(combined);
      for (let offset = 0; offset < all.length; offset += STREAM_DATA_PAYLOAD_SIZE) {
        while (!this.context.isActive() && !this.cancelled) await sleep(10);
        this.context.send(PayloadType.Output, all.subarray(offset, offset + STREAM_DATA_PAYLOAD_SIZE));
        await readPause(this.context.pace);
      }
    }
    if (!this.cancelled) this.context.finish();
  }

  /** Errors before the command starts go out as StdErr after 1 s, then exit code 1 (spec §10). */
  private async failBeforeStart(text: string): Promise<void> {
    this.context.ready();
    await sleep(1000);
    if (this.cancelled) return;
    this.context.send(PayloadType.StdErr, Buffer.from(text));
    this.context.send(PayloadType.ExitCode, Buffer.from('EXIT_CODE: 1'));
    this.context.finish();
  }

  private async pumpStream(stream: Readable, payloadType: number, prefix: string): Promise<void> {
    const readSize = STREAM_DATA_PAYLOAD_SIZE - Buffer.byteLength(prefix);
    let prefixNext = true;
    for await (const data of chunked(stream, readSize)) {
      while (!this.context.isActive() && !this.cancelled) await sleep(10);
      if (this.cancelled) return;
      // The prefix goes before the first non-empty chunk and before any chunk that follows one ending
      // in a newline: per chunk, not per line, as the agent does.
      const payload = prefixNext && prefix ? Buffer.concat([Buffer.from(prefix), data]) : data;
      prefixNext = data[data.length - 1] === 0x0a;
      this.context.send(payloadType, payload);
      await readPause(this.context.pace);
    }
  }
}

async function* chunked(stream: Readable, size: number): AsyncGenerator<Buffer> {
  for await (const data of stream as AsyncIterable<Buffer>) {
    for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
  }
}

function readSettings(properties: Record<string, unknown>): CommandSettings | string {
  const linux = properties.linux;
  const section =
    typeof linux === 'object' && linux !== null ? (linux as Record<string, unknown>) : properties;
  const commands = section.commands;
  if (typeof commands !== 'string' || commands.trim() === '') return 'commands must be a non-empty string';
  const words = splitShellWords(commands);
  if (!words || words.length === 0) return `cannot parse commands: ${commands}`;
  const separate = parseBool(section.separateOutputStream);
  if (separate === undefined) return 'separateOutputStream must be a boolean';
  const stdoutPrefix = typeof section.stdOutSeparatorPrefix === 'string' ? section.stdOutSeparatorPrefix : '';
  const stderrPrefix = typeof section.stdErrSeparatorPrefix === 'string' ? section.stdErrSeparatorPrefix : '';
  if (!PREFIX_PATTERN.test(stdoutPrefix) || !PREFIX_PATTERN.test(stderrPrefix)) {
    return 'separator prefixes must match ^[0-9a-zA-Z\\r\\n_:-]{0,30}$';
  }
  return { words, separateOutput: separate, stdoutPrefix, stderrPrefix };
}

/** A bool, or a string Go's strconv.ParseBool accepts; absent means false. */
function parseBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}
