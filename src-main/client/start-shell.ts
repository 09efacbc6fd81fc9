import { EventEmitter } from 'node:events';
import type { DataChannelState } from '../../src-shared/model/channel-state.js';
import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { AwsContext } from '../aws/aws-context.js';
import type { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { ShellSession } from '../sessions/shell-session.js';
import type { TerminalSize } from '../sessions/terminal-io.js';
import type { DataChannelStateEvent } from '../transport/data-channel.js';
import { ClientError } from './client-error.js';
import { toErrorInfo } from './error-info.js';
import { HandleTerminal } from './handle-terminal.js';
import {
  createSession,
  startSsmSession,
  terminateSsmSession,
  type StartRequest,
} from './session-launcher.js';

/**
 * What startShell() opens: the target instance, optionally another session document with its
 * parameters and a reason, the terminal size at start, a keepalive, a cancelling signal and how much
 * output a paused handle may hold.
 */
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
   * The shell's lifetime: aborting while it starts makes startShell reject with a ClientError
   * `aborted` (a session already started is terminated); aborting later is close().
   */
  signal?: AbortSignal;
  /**
   * How much output a paused handle lets the session hold before the websocket stops being read
   * (default 1 MiB). A consumer that pauses often, such as a terminal tab behind the desktop app's
   * flow control, gives less, so that resuming hands it little at once.
   */
  holdBytes?: number;
}

/** A data-channel state change as plain data: why, and for an outage how far it has gone. */
export interface ChannelStateInfo {
  /** connected, resumed, connection-lost, gave-up, timed-out, open-failed, aborted, closed. */
  reason: string;
  /** reconnecting: the number of the next attempt over the whole outage (1 = first). */
  attempt?: number;
  /** reconnecting: ms until that attempt. */
  nextDelayMs?: number;
  /** reconnecting: when the channel gives up if it is not back (epoch ms). */
  deadline?: number;
  /** open after a resume, or closed after giving up: how long the outage lasted (ms). */
  outageMs?: number;
  /** closed for a failure. */
  error?: ErrorInfo;
}

/**
 * A ShellHandle's events and their arguments: 'output' bytes for the terminal, 'exit' with how the
 * session ended, data-channel 'state' changes, the handshake's 'message', and 'encrypted'.
 */
export interface ShellEvents {
  /** Bytes from the remote shell, to write to a terminal as they are. None while paused. */
  output: [data: Buffer];
  /** The session ended; `end.kind === 'closed'` is a normal exit (toSessionEndInfo() for plain data). */
  exit: [end: SessionEnd];
  /** Data-channel state changes (one per change: connected, reconnecting, resumed, gave up …). */
  state: [state: DataChannelState, detail: string | undefined, info: ChannelStateInfo | undefined];
  /** HandshakeComplete's message, e.g. "This session is encrypted using AWS KMS." */
  message: [text: string];
  /** The handshake agreed a KMS data key: `encrypted` is now true. */
  encrypted: [];
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
    private readonly handshake: { over: boolean },
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
    if (this.session.encrypted) return true;
    return this.handshake.over ? false : undefined;
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

/** A transport state event as the plain ChannelStateInfo faces and the app's renderer receive. */
export function channelStateInfo(event: DataChannelStateEvent): ChannelStateInfo {
  return {
    reason: event.reason,
    ...(event.attempt !== undefined ? { attempt: event.attempt } : {}),
    ...(event.nextDelayMs !== undefined ? { nextDelayMs: event.nextDelayMs } : {}),
    ...(event.deadline !== undefined ? { deadline: event.deadline } : {}),
    ...(event.outageMs !== undefined ? { outageMs: event.outageMs } : {}),
    ...(event.error !== undefined ? { error: toErrorInfo(event.error) } : {}),
  };
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
  const handshake = { over: false };
  const session = createSession(
    context,
    start,
    options.target,
    {
      Standard_Stream: (typeContext) => {
        // The handshake is over when the session type starts: not encrypted by now means not at all.
        handshake.over = true;
        return new ShellSession(typeContext, terminal, {
          keepAliveMs: (options.keepAliveSeconds ?? 0) * 1000,
        });
      },
    },
    {
      onStateChange: (state, detail, event) =>
        emit((h) => h.emit('state', state, detail, event ? channelStateInfo(event) : undefined)),
      onCustomerMessage: (text) => emit((h) => h.emit('message', text)),
      onEncrypted: () => emit((h) => h.emit('encrypted')),
    },
    options.holdBytes !== undefined ? { receivePauseBytes: options.holdBytes } : {},
  );
  const created = new ShellHandle(
    start.sessionId,
    session,
    terminal,
    () => terminateSsmSession(context, start.sessionId),
    handshake,
  );
  void session.done.then((end) => emit((h) => h.emit('exit', end)));
  // The caller's signal aborts the start only until startShell resolves; after that it is close().
  const starting = new AbortController();
  const abortStart = (): void => starting.abort(signal?.reason);
  if (signal?.aborted) abortStart();
  else signal?.addEventListener('abort', abortStart, { once: true });
  try {
    await session.start(starting.signal);
  } catch (error) {
    // Aborted while starting: the session is ended here; the service is told too.
    void terminateSsmSession(context, start.sessionId).catch(() => undefined);
    throw signal?.aborted ? new ClientError('aborted', 'cancelled', { cause: signal.reason }) : error;
  } finally {
    signal?.removeEventListener('abort', abortStart);
  }
  if (signal) {
    const onAbort = (): void => void created.close().catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void session.done.then(() => signal.removeEventListener('abort', onAbort));
  }
  // Events that came before the caller could listen are delivered on the next turn.
  setImmediate(() => {
    ref.handle = created;
    for (const fire of early.splice(0)) fire();
  });
  return created;
}
