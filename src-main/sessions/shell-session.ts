import type { ClientMessage } from '../protocol/codec/client-message.js';
import { PayloadType, STREAM_DATA_PAYLOAD_SIZE } from '../protocol/codec/message-type.js';
import { goMarshal } from '../protocol/go-json.js';
import type { DeliveryResult } from '../protocol/reliable-channel.js';
import type { SessionTypeContext, SessionTypeHandler } from './session-type.js';
import type { TerminalIO, TerminalSize } from './terminal-io.js';

/** Used when the terminal size cannot be read, as the Go client does (spec §7.2). */
export const FALLBACK_TERMINAL_SIZE: TerminalSize = { cols: 300, rows: 100 };
/** Size changes are pushed by the terminal (SIGWINCH); this slow poll only catches terminals that don't. */
const SIZE_POLL_INTERVAL_MS = 500;

/** `{"cols":W,"rows":H}` in that key order (spec §7.2, §11.3 vector 5). */
export function sizePayload(size: TerminalSize): Buffer {
  return Buffer.from(goMarshal({ cols: size.cols, rows: size.rows }));
}

/**
 * A lone LF is sent as CR (spec §7.2 "SendInputDataMessage"): with the Go client's cbreak mode Enter
 * arrives as LF, and the agent's pty expects CR. LF inside longer payloads is left alone.
 */
export function rewriteLoneLineFeed(chunk: Buffer): Buffer {
  return chunk.length === 1 && chunk[0] === 0x0a ? Buffer.from([0x0d]) : chunk;
}

/**
 * Standard_Stream, also used for InteractiveCommands and NonInteractiveCommands (spec §7.2, §7.4):
 * terminal input goes out as Output payloads of at most 1024 bytes, every payload from the agent is
 * written raw to the terminal, and the terminal size is sent at start and on every change.
 */
export interface ShellSessionOptions {
  /**
   * Optional keepalive: after this long without input, the current size is sent again (a Size message
   * the agent applies as a no-op), so an idle shell still shows traffic. Off when undefined or 0.
   */
  keepAliveMs?: number;
}

export class ShellSession implements SessionTypeHandler {
  private lastSize: TerminalSize = { cols: 0, rows: 0 };
  private readonly sizePoll: NodeJS.Timeout;
  private readonly keepAlive: NodeJS.Timeout | undefined;
  private lastSentAt = Date.now();
  private disposed = false;

  constructor(
    private readonly context: SessionTypeContext,
    private readonly terminal: TerminalIO,
    options: ShellSessionOptions = {},
  ) {
    const keepAliveMs = options.keepAliveMs ?? 0;
    if (keepAliveMs > 0) {
      this.keepAlive = setInterval(
        () => {
          if (Date.now() - this.lastSentAt >= keepAliveMs) this.sendSize(this.lastSize);
        },
        Math.min(keepAliveMs, 1_000),
      );
      this.keepAlive.unref();
    }
    this.sendSizeIfChanged();
    terminal.onResize(() => this.sendSizeIfChanged());
    this.sizePoll = setInterval(() => this.sendSizeIfChanged(), SIZE_POLL_INTERVAL_MS);
    this.sizePoll.unref();
    terminal.start(
      (chunk) => this.sendInput(chunk),
      (reason) => context.end({ kind: 'input-ended', reason }),
    );
  }

  deliver(message: ClientMessage): DeliveryResult {
    // Every payload type is written as is: StdErr, ExitCode and even Flag (spec §7.2 "Output").
    if (this.terminal.write(message.payload)) return 'delivered';
    return this.terminal.drained();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.sizePoll);
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.terminal.restore();
  }

  private sendInput(chunk: Buffer): void {
    if (this.disposed) return;
    this.lastSentAt = Date.now();
    for (let offset = 0; offset < chunk.length; offset += STREAM_DATA_PAYLOAD_SIZE) {
      const piece = rewriteLoneLineFeed(chunk.subarray(offset, offset + STREAM_DATA_PAYLOAD_SIZE));
      if (!this.context.send(PayloadType.Output, piece)) {
        // Backpressure: stop reading the terminal until the agent has acknowledged enough.
        this.terminal.pauseInput();
        void this.context.writable().then(() => this.terminal.resumeInput());
      }
    }
  }

  private sendSizeIfChanged(): void {
    if (this.disposed) return;
    const size = this.terminal.size() ?? FALLBACK_TERMINAL_SIZE;
    if (size.cols === this.lastSize.cols && size.rows === this.lastSize.rows) return;
    this.lastSize = { cols: size.cols, rows: size.rows };
    this.sendSize(size);
  }

  private sendSize(size: TerminalSize): void {
    if (this.disposed) return;
    this.lastSentAt = Date.now();
    this.context.send(PayloadType.Size, sizePayload(size));
  }
}
