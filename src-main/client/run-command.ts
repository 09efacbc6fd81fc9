import type { Writable } from 'node:stream';
import type { AwsContext } from '../aws/aws-context.js';
import { CommandSession } from '../sessions/command-session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { ClientError } from './client-error.js';
import { createSession, startSsmSession } from './session-launcher.js';

export const NON_INTERACTIVE_DOCUMENT = 'AWS-StartNonInteractiveCommand';

/**
 * What runCommand() runs and where its output goes: the target and command line, optional streams for
 * stdout and stderr (otherwise collected into the CommandResult), a signal that cancels the start or
 * sends Ctrl-C, and callbacks for the session id and diagnostics.
 */
export interface RunCommandOptions {
  target: string;
  /** The command line, run by the agent's shell. */
  command: string;
  /** Stream the remote stdout/stderr here; otherwise they are collected into the result. */
  stdout?: Writable;
  stderr?: Writable;
  /**
   * Before the session has started, aborting cancels StartSession (an AwsError `aborted`); after,
   * it sends Ctrl-C (SIGINT) to the remote command, which then ends as it does on Ctrl-C.
   */
  signal?: AbortSignal;
  /** Called once StartSession has answered. */
  onSessionStarted?(sessionId: string): void;
  onDiagnostic?(text: string): void;
}

/**
 * What runCommand() resolves with once the command has ended: the session id, the collected stdout and
 * stderr (empty when streamed), the remote exit code and how the session ended.
 */
export interface CommandResult {
  sessionId: string;
  /** Collected output (empty when a stream was given for it). */
  stdout: string;
  stderr: string;
  /** The remote exit code (ExitCode payload), or undefined when the agent sent none. */
  exitCode: number | undefined;
  /** How the session ended (`closed` normally). */
  end: SessionEnd;
}

/** A Writable that keeps what is written, for collected output. */
class Collector {
  readonly chunks: Buffer[] = [];
  write(data: Uint8Array): boolean {
    this.chunks.push(Buffer.from(data));
    return true;
  }
  once(): this {
    return this;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs one command with AWS-StartNonInteractiveCommand and separate output streams: remote stdout
 * and stderr stay apart, and the ExitCode payload becomes `exitCode`. Rejects when the session fails
 * to start or breaks (StartSession errors, websocket failures, timeouts).
 */
export async function runCommand(context: AwsContext, options: RunCommandOptions): Promise<CommandResult> {
  const start = await startSsmSession(
    context,
    {
      target: options.target,
      documentName: NON_INTERACTIVE_DOCUMENT,
      parameters: { command: options.command, separateOutputStream: 'true' },
    },
    options.signal,
  );
  options.onSessionStarted?.(start.sessionId);
  const stdoutCollector = new Collector();
  const stderrCollector = new Collector();
  const stdout = options.stdout ?? (stdoutCollector as unknown as Writable);
  const stderr = options.stderr ?? (stderrCollector as unknown as Writable);
  let handler: CommandSession | undefined;
  const onAbort = (): void => handler?.interrupt();
  options.signal?.addEventListener('abort', onAbort);
  const session = createSession(
    context,
    start,
    options.target,
    {
      Standard_Stream: (typeContext) => {
        handler = new CommandSession(typeContext, { stdout, stderr });
        if (options.signal?.aborted) handler.interrupt();
        return handler;
      },
    },
    { onDiagnostic: (text) => options.onDiagnostic?.(text) },
  );
  try {
    await session.start();
    const end = await session.done;
    if (end.kind === 'failed') throw end.error;
    if (end.kind === 'timed-out') {
      throw new ClientError('session-timed-out', `session ${start.sessionId} timed out`);
    }
    return {
      sessionId: start.sessionId,
      stdout: options.stdout ? '' : stdoutCollector.text(),
      stderr: options.stderr ? '' : stderrCollector.text(),
      exitCode: handler?.exitCode,
      end,
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}
