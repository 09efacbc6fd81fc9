import type { SessionEndInfo } from '../../../src-shared/model/session-end.js';
import type { TabInfo, TabState } from '../../../src-shared/model/tab.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import { toErrorInfo } from '../../client/error-info.js';
import type { TerminalSize } from '../../sessions/terminal-io.js';
import type { OutputFlow, TabFlow } from './flow-control.js';
import { OutputReplay } from './output-replay.js';
import type { ShellConnection, ShellStarter } from './shell-connection.js';

/** Output kept per tab for views that attach late: 256 Ki characters, about 512 KiB of UTF-16 in the core. */
const REPLAY_CHARS = 256 * 1024;
/** Output of one turn of the event loop goes to views as one message, up to this many characters. */
const MAX_OUTPUT_MESSAGE_CHARS = 64 * 1024;
/** Input typed while the session cannot take it; beyond this it is refused, not queued for ever. */
const MAX_HELD_INPUT_BYTES = 256 * 1024;

export interface ShellTabHooks {
  /** Something shown in the tab list changed. */
  changed(): void;
  /** A session started in the tab (the first, or one after a reconnect). */
  sessionStarted?(sessionId: string): void;
  /** The tab's session ended (not called when the tab is closed). */
  sessionEnded?(end: SessionEndInfo): void;
}

/** Where a recording tab's output goes (session-recorder.ts). */
export interface TabRecorder {
  output(text: string): void;
  resize(cols: number, rows: number): void;
  close(): Promise<void>;
}

/**
 * One terminal tab, owned by the core so it outlives any view: its session (a new one on reconnect),
 * the recent output for late views, per-view flow control, and input held while the session is
 * starting or resuming so that nothing typed is lost or sent twice.
 */
export class ShellTab {
  readonly createdAt = Date.now();
  private state: TabState = 'starting';
  private detail: string | undefined;
  private end: SessionEndInfo | undefined;
  private sessionId: string | undefined;
  private encrypted = false;
  private connection: ShellConnection | undefined;
  private abort: AbortController | undefined;
  private decoder = new TextDecoder('utf-8');
  private readonly replay = new OutputReplay(REPLAY_CHARS);
  private readonly flow: TabFlow;
  /** Output decoded this turn, sent to the views as one message at the end of it. */
  private unsent = '';
  private flushScheduled = false;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private closed = false;
  private recorder: TabRecorder | undefined;
  /** In the broadcast group (set by ShellTabs). */
  broadcast = false;

  constructor(
    readonly tabId: string,
    public title: string,
    readonly target: TargetRef,
    readonly targetName: string | undefined,
    private size: TerminalSize,
    private readonly start: ShellStarter,
    private readonly hooks: ShellTabHooks,
    flow: OutputFlow,
  ) {
    this.flow = flow.forTab(
      tabId,
      () => this.connection?.pause(),
      () => this.connection?.resume(),
    );
  }

  info(): TabInfo {
    return {
      tabId: this.tabId,
      title: this.title,
      target: this.target,
      ...(this.targetName ? { targetName: this.targetName } : {}),
      ...(this.sessionId ? { sessionId: this.sessionId } : {}),
      state: this.state,
      ...(this.detail ? { detail: this.detail } : {}),
      encrypted: this.encrypted,
      ...(this.end ? { end: this.end } : {}),
      broadcast: this.broadcast,
      recording: this.recorder !== undefined,
      heldInput: this.heldBytes,
      createdAt: this.createdAt,
    };
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  /** Starts a session in this tab (the first, or a new one after the last ended). */
  connect(): void {
    if (this.closed || this.connection || this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    this.end = undefined;
    this.encrypted = false;
    this.decoder = new TextDecoder('utf-8');
    this.setState('starting', 'starting session');
    this.start(this.target, this.size, abort.signal, {
      output: (chunk) => this.onOutput(chunk),
      state: (state, detail) => this.onChannelState(state, detail),
      encrypted: () => {
        this.encrypted = true;
        this.hooks.changed();
      },
      exit: (end) => this.onExit(end),
    }).then(
      (connection) => {
        if (this.abort !== abort) return;
        this.abort = undefined;
        if (this.closed) {
          void connection.close();
          return;
        }
        this.connection = connection;
        this.sessionId = connection.sessionId;
        this.hooks.sessionStarted?.(connection.sessionId);
        if (this.flow.isPaused) connection.pause();
        if (!this.ended) this.setState('open');
        this.flushHeld();
      },
      (error: unknown) => {
        if (this.abort !== abort) return;
        this.abort = undefined;
        const end = failureEnd(error);
        this.finish(end);
        this.hooks.sessionEnded?.(end);
      },
    );
  }

  input(data: string, binary: boolean): boolean {
    const bytes = Buffer.from(data, binary ? 'latin1' : 'utf8');
    if (this.state === 'open' && this.connection) {
      this.connection.write(bytes);
      return true;
    }
    if (this.ended || this.heldBytes + bytes.length > MAX_HELD_INPUT_BYTES) return false;
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    this.hooks.changed();
    return true;
  }

  resize(size: TerminalSize): void {
    if (size.cols === this.size.cols && size.rows === this.size.rows) return;
    this.size = size;
    this.connection?.resize(size.cols, size.rows);
    this.recorder?.resize(size.cols, size.rows);
  }

  get terminalSize(): TerminalSize {
    return this.size;
  }

  /** Records the output from now on (the recorder is closed by stopRecording or close). */
  startRecording(recorder: TabRecorder): void {
    void this.recorder?.close();
    this.recorder = recorder;
    this.hooks.changed();
  }

  async stopRecording(): Promise<void> {
    const recorder = this.recorder;
    this.recorder = undefined;
    this.hooks.changed();
    await recorder?.close();
  }

  /** Starts sending this tab's output to a view; returns what it should show first. */
  attach(viewId: number): { data: string; position: number } {
    this.flushOutput();
    if (!this.flow.hasView(viewId)) this.flow.addView(viewId);
    return { data: this.replay.snapshot(), position: this.replay.position };
  }

  acknowledge(viewId: number, chars: number): void {
    this.flow.acknowledged(viewId, chars);
  }

  /** Ends the session (TerminateSession) for good; the tab is gone. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort?.abort();
    this.abort = undefined;
    const connection = this.connection;
    this.connection = undefined;
    this.flow.dispose();
    await Promise.allSettled([connection?.close(), this.stopRecording()]);
  }

  private onOutput(chunk: Buffer): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (text.length === 0) return;
    this.replay.append(text);
    this.recorder?.output(text);
    if (this.flow.views.length === 0) return;
    // A busy shell delivers ~1 KiB messages; one contract message per turn instead of per message.
    this.unsent += text;
    if (this.unsent.length >= MAX_OUTPUT_MESSAGE_CHARS) this.flushOutput();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushOutput());
    }
  }

  private flushOutput(): void {
    this.flushScheduled = false;
    const text = this.unsent;
    this.unsent = '';
    if (text.length === 0) return;
    this.flow.push(text, this.replay.position);
  }

  private onChannelState(state: 'connecting' | 'open' | 'reconnecting' | 'closed', detail?: string): void {
    if (this.ended || this.closed) return;
    if (state === 'reconnecting') this.setState('reconnecting', detail ?? 'connection lost');
    else if (state === 'open' && this.connection) {
      this.setState('open');
      this.flushHeld();
    }
  }

  private onExit(end: SessionEndInfo): void {
    if (this.closed) return;
    this.finish(end);
    this.hooks.sessionEnded?.(end);
  }

  private finish(end: SessionEndInfo): void {
    const rest = this.decoder.decode();
    if (rest) this.onOutput(Buffer.from(rest));
    this.flushOutput();
    this.connection = undefined;
    this.end = end;
    this.held = [];
    this.heldBytes = 0;
    this.setState('ended', undefined);
  }

  private flushHeld(): void {
    if (!this.connection || this.held.length === 0) return;
    const held = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    this.connection.write(held);
    this.hooks.changed();
  }

  private setState(state: TabState, detail?: string): void {
    this.state = state;
    this.detail = detail;
    this.hooks.changed();
  }
}

function failureEnd(error: unknown): SessionEndInfo {
  const { code, message } = toErrorInfo(error);
  return { kind: 'failed', code, message };
}
