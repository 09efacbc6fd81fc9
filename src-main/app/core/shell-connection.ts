import type { DataChannelState } from '../../../src-shared/model/channel-state.js';
import type { SessionEndInfo } from '../../../src-shared/model/session-end.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import type { TerminalSize } from '../../sessions/terminal-io.js';

/** What a tab needs of a running shell session (the library's ShellHandle, seen from the core). */
export interface ShellConnection {
  readonly sessionId: string;
  write(data: Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Output flow control: stop taking output until resume(). */
  pause(): void;
  resume(): void;
  /** TerminateSession and end it here. */
  close(): Promise<void>;
}

/** What a session tells its tab while it runs. */
export interface ShellEventsSink {
  output(chunk: Buffer): void;
  state(state: DataChannelState, detail?: string): void;
  /** The session's data is encrypted with a KMS key. */
  encrypted(): void;
  exit(end: SessionEndInfo): void;
}

/** Starts a shell session on a target; rejects when it cannot start, aborts with the signal. */
export type ShellStarter = (
  target: TargetRef,
  size: TerminalSize,
  signal: AbortSignal,
  sink: ShellEventsSink,
) => Promise<ShellConnection>;
