import { ProtocolError } from '../codec/protocol-error.js';
import {
  SMUX_MAX_FRAME_SIZE,
  SMUX_VERSION,
  SmuxCommand,
  SmuxFrameReader,
  encodeSmuxFrame,
  type SmuxFrame,
} from './smux-frame.js';

/**
 * An smux v1 session (xtaci/smux, the multiplexer the agent runs for port forwarding; spec §7.3), sans-IO:
 * fed the peer's bytes with `receive`, writing its own through `write`, driven by `tick` for keepalive.
 *
 * smux v1 has no per-stream flow control (that is v2, which the agent does not speak), so this module
 * never blocks: each stream hands its data to its consumer at once, and the owner of the streams
 * (the port session) decides how much to hold per stream and when to push back on the data channel.
 */

export interface SmuxKeepAlive {
  /** NOP every this many ms (smux default 10 s). */
  intervalMs: number;
  /** Close the session if nothing at all arrived during one such period (smux default 30 s). */
  timeoutMs: number;
}

export const SMUX_DEFAULT_KEEPALIVE: SmuxKeepAlive = { intervalMs: 10_000, timeoutMs: 30_000 };

export interface SmuxSessionOptions {
  /** Client stream ids are odd from 3, server ids even from 2. */
  role: 'client' | 'server';
  write(bytes: Buffer): void;
  /** A stream the peer opened (SYN). */
  onStream?(stream: SmuxStream): void;
  /** The session is dead: protocol error, keepalive timeout, or close(). */
  onClose?(reason: string): void;
  /** false disables keepalive, as both SSM peers do once the other side's version is new enough. */
  keepAlive: SmuxKeepAlive | false;
  now(): number;
  maxFrameSize?: number;
}

export class SmuxStream {
  /** Data from the peer, in order. */
  onData: ((chunk: Buffer) => void) | undefined;
  /** The peer closed the stream (FIN) or the session died. */
  onClose: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly id: number,
    private readonly session: SmuxSession,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Splits data into PSH frames of at most the session's max frame size. */
  write(data: Uint8Array): void {
    if (this.closed) return;
    this.session.sendData(this.id, data);
  }

  /** Sends FIN once and forgets the stream; there is no half-close. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.finishStream(this.id, true);
  }

  /** @internal the peer's FIN or the session's end. */
  peerClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose?.();
  }
}

export class SmuxSession {
  private readonly reader = new SmuxFrameReader();
  private readonly streams = new Map<number, SmuxStream>();
  private nextStreamId: number;
  private dead: string | undefined;
  private frameSeen = false;
  private lastNopAt: number;
  private lastTimeoutCheckAt: number;
  private readonly maxFrameSize: number;

  constructor(private readonly options: SmuxSessionOptions) {
    // smux starts the counter at 1 (client) or 0 (server) and adds 2 before each use.
    this.nextStreamId = options.role === 'client' ? 1 : 0;
    this.maxFrameSize = options.maxFrameSize ?? SMUX_MAX_FRAME_SIZE;
    const now = options.now();
    this.lastNopAt = now;
    this.lastTimeoutCheckAt = now;
  }

  get isClosed(): boolean {
    return this.dead !== undefined;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  openStream(): SmuxStream {
    if (this.dead) throw new ProtocolError('smux-session-closed', `smux session closed: ${this.dead}`);
    this.nextStreamId += 2;
    const stream = new SmuxStream(this.nextStreamId, this);
    this.streams.set(stream.id, stream);
    this.options.write(encodeSmuxFrame(SmuxCommand.Syn, stream.id));
    return stream;
  }

  receive(bytes: Buffer): void {
    if (this.dead) return;
    for (const frame of this.reader.push(bytes)) {
      this.handleFrame(frame);
      if (this.dead) return;
    }
  }

  /** Keepalive bookkeeping; call about once a second. */
  tick(): void {
    const keepAlive = this.options.keepAlive;
    if (this.dead || !keepAlive) return;
    const now = this.options.now();
    if (now - this.lastNopAt >= keepAlive.intervalMs) {
      this.lastNopAt = now;
      this.options.write(encodeSmuxFrame(SmuxCommand.Nop, 0));
    }
    if (now - this.lastTimeoutCheckAt >= keepAlive.timeoutMs) {
      this.lastTimeoutCheckAt = now;
      if (!this.frameSeen) {
        this.close('smux keepalive timeout');
        return;
      }
      this.frameSeen = false;
    }
  }

  close(reason = 'closed'): void {
    if (this.dead) return;
    this.dead = reason;
    const streams = [...this.streams.values()];
    this.streams.clear();
    for (const stream of streams) stream.peerClosed();
    this.options.onClose?.(reason);
  }

  /** @internal */
  sendData(streamId: number, data: Uint8Array): void {
    if (this.dead) return;
    for (let offset = 0; offset < data.length; offset += this.maxFrameSize) {
      this.options.write(
        encodeSmuxFrame(SmuxCommand.Psh, streamId, data.subarray(offset, offset + this.maxFrameSize)),
      );
    }
  }

  /** @internal */
  finishStream(streamId: number, sendFin: boolean): void {
    this.streams.delete(streamId);
    if (sendFin && !this.dead) this.options.write(encodeSmuxFrame(SmuxCommand.Fin, streamId));
  }

  private handleFrame(frame: SmuxFrame): void {
    this.frameSeen = true;
    if (frame.version !== SMUX_VERSION) {
      this.close(`smux: invalid protocol version ${frame.version}`);
      return;
    }
    switch (frame.command) {
      case SmuxCommand.Nop:
        return;
      case SmuxCommand.Syn: {
        if (this.streams.has(frame.streamId)) return;
        const stream = new SmuxStream(frame.streamId, this);
        this.streams.set(frame.streamId, stream);
        if (this.options.onStream) this.options.onStream(stream);
        else stream.close();
        return;
      }
      case SmuxCommand.Fin: {
        const stream = this.streams.get(frame.streamId);
        if (!stream) return;
        this.streams.delete(frame.streamId);
        stream.peerClosed();
        return;
      }
      case SmuxCommand.Psh: {
        // Data for a stream we no longer know is dropped, as smux does.
        const stream = this.streams.get(frame.streamId);
        if (stream && frame.data.length > 0) stream.onData?.(frame.data);
        return;
      }
      default:
        this.close(`smux: invalid command ${frame.command}`);
    }
  }
}
