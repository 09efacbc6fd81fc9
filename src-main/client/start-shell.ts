import { EventEmitter } from 'node:events';
import type { DataChannelState } from '../../src-shared/model/channel-state.js';
import type { AwsContext } from '../aws/aws-context.js';
import type { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { ShellSession } from '../sessions/shell-session.js';
import type { TerminalSize } from '../sessions/terminal-io.js';
import { ClientError } from './client-error.js';
import { HandleTerminal } from './handle-terminal.js';
import {
  createSession,
  startSsmSession,
  terminateSsmSession,
  type StartRequest,
} from './session-launcher.js';

export interface StartShellOptions {
  target: string;
  documentName?: string;
  parameters?: Record<string, string | string[]>;
  reason?: string;
  /** The terminal size at start (default 80×24); change it with resize(). */
  size?: TerminalSize;
  /** Optional keepalive: after this many seconds without input, a no-op Size message is sent. */
  keepAliveSeconds?: number;
  /**
   * Cancels the start: startShell rejects with a ClientError `aborted`, and a session already started
   * is terminated. Once startShell has resolved, close() ends the shell.
   */
  signal?: AbortSignal;
}

export interface ShellEvents {
  /** Bytes from the remote shell, to write to a terminal as they are. None while paused. */
  output: [data: Buffer];
  /** The session ended; `end.kind === 'closed'` is a normal exit (toSessionEndInfo() for plain data). */
  exit: [end: SessionEnd];
  /** Data-channel state changes (connected, reconnecting, …). */
  state: [state: DataChannelState, detail?: string];
  /** HandshakeComplete's message, e.g. "This session is encrypted using AWS KMS." */
  message: [text: string];
}

/**
 * An interactive shell a program drives: write keystrokes, resize, close; listen for output. Output
 * can be paused and resumed, as xterm.js's flow control asks of a pty: while paused nothing is
 * emitted and nothing more is acknowledged to the agent, so it stops sending (end-to-end
 * backpressure: the session holds at most one message).
 */
export class ShellHandle extends EventEmitter<ShellEvents> {
  /** Resolves with the end, like the 'exit' event. */
  readonly done: Promise<SessionEnd>;

  constructor(
    readonly sessionId: string,
    private readonly session: Session,
    private readonly terminal: HandleTerminal,
    private readonly terminate: () => Promise<void>,
    private readonly encryption: { value: boolean | undefined },
  ) {
    super();
    this.done = session.done;
  }

  /**
   * Whether the session's data is KMS-encrypted: true once the handshake agreed a data key, false once
   * the session type started without one; undefined before that (it is known by the time the
   * handshake's 'message' is emitted, or the first 'output').
   */
  get encrypted(): boolean | undefined {
    return this.encryption.value;
  }

  /** Sends keystrokes or pasted text. */
  write(data: string | Uint8Array): void {
    this.terminal.input(typeof data === 'string' ? Buffer.from(data) : Buffer.from(data));
  }

  resize(cols: number, rows: number): void {
    this.terminal.setSize({ cols, rows });
  }

  /** Stops 'output' events until resume(); the agent is told nothing more has been taken. */
  pause(): void {
    this.terminal.pauseOutput();
  }

  /** Emits what was held back, then lets output flow again. */
  resume(): void {
    this.terminal.resumeOutput();
  }

  get paused(): boolean {
    return this.terminal.outputPaused;
  }

  /** Terminates the session (TerminateSession) and ends it here. */
  async close(): Promise<void> {
    try {
      await this.terminate();
    } finally {
      this.session.end({ kind: 'local', reason: 'closed by the application' });
    }
  }
}

/**
 * Starts an interactive shell (SSM-SessionManagerRunShell by default) for a program rather than a
 * TTY: the desktop app's terminal tabs and tests. Resolves once the data channel is connected.
 */
export async function startShell(context: AwsContext, options: StartShellOptions): Promise<ShellHandle> {
  const { signal } = options;
  const request: StartRequest = { target: options.target };
  if (options.documentName) request.documentName = options.documentName;
  if (options.parameters) request.parameters = options.parameters;
  if (options.reason) request.reason = options.reason;
  const start = await startSsmSession(context, request, signal);
  const ref: { handle?: ShellHandle } = {};
  const early: Array<() => void> = [];
  const emit = (fire: (h: ShellHandle) => void): void => {
    if (ref.handle && early.length === 0) fire(ref.handle);
    else early.push(() => fire(ref.handle as ShellHandle));
  };
  const terminal = new HandleTerminal(options.size ?? { cols: 80, rows: 24 }, (data) =>
    emit((h) => h.emit('output', data)),
  );
  const encryption: { value: boolean | undefined } = { value: undefined };
  const session = createSession(
    context,
    start,
    options.target,
    {
      Standard_Stream: (typeContext) => {
        // The handshake is over when the session type starts: no data key by now means none at all.
        encryption.value ??= false;
        return new ShellSession(typeContext, terminal, {
          keepAliveMs: (options.keepAliveSeconds ?? 0) * 1000,
        });
      },
    },
    {
      onStateChange: (state, detail) => emit((h) => h.emit('state', state, detail)),
      onCustomerMessage: (text) => emit((h) => h.emit('message', text)),
    },
    { onDataKey: () => (encryption.value = true) },
  );
  const created = new ShellHandle(
    start.sessionId,
    session,
    terminal,
    () => terminateSsmSession(context, start.sessionId),
    encryption,
  );
  void session.done.then((end) => emit((h) => h.emit('exit', end)));
  const cancel = (): void => {
    session.end({ kind: 'local', reason: 'cancelled' });
    void terminateSsmSession(context, start.sessionId).catch(() => undefined);
  };
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    await session.start();
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
  if (signal?.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
  // Events that came before the caller could listen are delivered on the next turn.
  setImmediate(() => {
    ref.handle = created;
    for (const fire of early.splice(0)) fire();
  });
  return created;
}
