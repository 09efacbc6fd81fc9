import { EventEmitter } from 'node:events';
import type { AwsContext } from '../aws/aws-context.js';
import type { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { ShellSession } from '../sessions/shell-session.js';
import type { TerminalIO, TerminalSize } from '../sessions/terminal-io.js';
import type { DataChannelState } from '../transport/data-channel.js';
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
}

export interface ShellEvents {
  /** Bytes from the remote shell, to write to a terminal as they are. */
  output: [data: Buffer];
  /** The session ended; `end.kind === 'closed'` is a normal exit. */
  exit: [end: SessionEnd];
  /** Data-channel state changes (connected, reconnecting, …). */
  state: [state: DataChannelState, detail?: string];
  /** HandshakeComplete's message, e.g. "This session is encrypted using AWS KMS." */
  message: [text: string];
}

/** An interactive shell a program drives: write keystrokes, resize, close; listen for output. */
export class ShellHandle extends EventEmitter<ShellEvents> {
  /** Resolves with the end, like the 'exit' event. */
  readonly done: Promise<SessionEnd>;

  constructor(
    readonly sessionId: string,
    private readonly session: Session,
    private readonly terminal: HandleTerminal,
    private readonly terminate: () => Promise<void>,
  ) {
    super();
    this.done = session.done;
  }

  /** Sends keystrokes or pasted text. */
  write(data: string | Uint8Array): void {
    this.terminal.input(typeof data === 'string' ? Buffer.from(data) : Buffer.from(data));
  }

  resize(cols: number, rows: number): void {
    this.terminal.setSize({ cols, rows });
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

/** A TerminalIO fed by ShellHandle.write() whose output becomes 'output' events. */
export class HandleTerminal implements TerminalIO {
  private onData: ((chunk: Buffer) => void) | undefined;
  private readonly pending: Buffer[] = [];
  private readonly resizeListeners: Array<() => void> = [];

  constructor(
    private currentSize: TerminalSize,
    private readonly emitOutput: (data: Buffer) => void,
  ) {}

  input(chunk: Buffer): void {
    if (this.onData) this.onData(chunk);
    else this.pending.push(chunk);
  }

  setSize(size: TerminalSize): void {
    this.currentSize = size;
    for (const listener of this.resizeListeners) listener();
  }

  start(onData: (chunk: Buffer) => void): void {
    this.onData = onData;
    for (const chunk of this.pending.splice(0)) onData(chunk);
  }
  write(data: Uint8Array): boolean {
    this.emitOutput(Buffer.from(data));
    return true;
  }
  drained(): Promise<void> {
    return Promise.resolve();
  }
  size(): TerminalSize {
    return this.currentSize;
  }
  onResize(listener: () => void): void {
    this.resizeListeners.push(listener);
  }
  pauseInput(): void {}
  resumeInput(): void {}
  restore(): void {
    this.resizeListeners.length = 0;
  }
}

/**
 * Starts an interactive shell (SSM-SessionManagerRunShell by default) for a program rather than a
 * TTY: the desktop app's terminal tabs and tests. Resolves once the data channel is connected.
 */
export async function startShell(context: AwsContext, options: StartShellOptions): Promise<ShellHandle> {
  const request: StartRequest = { target: options.target };
  if (options.documentName) request.documentName = options.documentName;
  if (options.parameters) request.parameters = options.parameters;
  if (options.reason) request.reason = options.reason;
  const start = await startSsmSession(context, request);
  const ref: { handle?: ShellHandle } = {};
  const early: Array<() => void> = [];
  const emit = (fire: (h: ShellHandle) => void): void => {
    if (ref.handle && early.length === 0) fire(ref.handle);
    else early.push(() => fire(ref.handle as ShellHandle));
  };
  const terminal = new HandleTerminal(options.size ?? { cols: 80, rows: 24 }, (data) =>
    emit((h) => h.emit('output', data)),
  );
  const session = createSession(
    context,
    start,
    options.target,
    {
      Standard_Stream: (typeContext) =>
        new ShellSession(typeContext, terminal, { keepAliveMs: (options.keepAliveSeconds ?? 0) * 1000 }),
    },
    {
      onStateChange: (state, detail) => emit((h) => h.emit('state', state, detail)),
      onCustomerMessage: (text) => emit((h) => h.emit('message', text)),
    },
  );
  const created = new ShellHandle(start.sessionId, session, terminal, () =>
    terminateSsmSession(context, start.sessionId),
  );
  void session.done.then((end) => emit((h) => h.emit('exit', end)));
  await session.start();
  // Events that came before the caller could listen are delivered on the next turn.
  setImmediate(() => {
    ref.handle = created;
    for (const fire of early.splice(0)) fire();
  });
  return created;
}
