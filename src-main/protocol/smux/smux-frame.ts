import { ProtocolError } from '../codec/protocol-error.js';

/**
 * smux protocol version 1 frames, as xtaci/smux v1.5.x writes them (spec §7.3): an 8-byte header
 * `ver(1) | cmd(1) | length(2, little-endian) | streamId(4, little-endian)` and `length` bytes of data.
 */
export const SMUX_VERSION = 1;
export const SMUX_HEADER_LENGTH = 8;

export const SmuxCommand = {
  /** Open a stream. */
  Syn: 0,
  /** Close a stream (no half-close in the SSM client: both directions end). */
  Fin: 1,
  /** Data. */
  Psh: 2,
  /** Keepalive, stream id 0. */
  Nop: 3,
} as const;
export type SmuxCommand = (typeof SmuxCommand)[keyof typeof SmuxCommand];

/** smux.DefaultConfig().MaxFrameSize. */
export const SMUX_MAX_FRAME_SIZE = 32_768;

export interface SmuxFrame {
  version: number;
  command: number;
  streamId: number;
  data: Buffer;
}

export function encodeSmuxFrame(
  command: SmuxCommand,
  streamId: number,
  data: Uint8Array = Buffer.alloc(0),
): Buffer {
  if (data.length > 0xffff) {
    throw new ProtocolError('smux-frame-too-long', `smux frame data of ${data.length} bytes exceeds 65535`);
  }
  const frame = Buffer.allocUnsafe(SMUX_HEADER_LENGTH + data.length);
  frame.writeUInt8(SMUX_VERSION, 0);
  frame.writeUInt8(command, 1);
  frame.writeUInt16LE(data.length, 2);
  frame.writeUInt32LE(streamId >>> 0, 4);
  frame.set(data, SMUX_HEADER_LENGTH);
  return frame;
}

/**
 * Reassembles frames from a byte stream cut at arbitrary points (the data channel carries smux bytes
 * in payloads of at most 1024 bytes, so a frame is usually split across many messages).
 */
export class SmuxFrameReader {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  push(chunk: Buffer): SmuxFrame[] {
    if (chunk.length === 0) return [];
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    const frames: SmuxFrame[] = [];
    for (;;) {
      if (this.pendingLength < SMUX_HEADER_LENGTH) break;
      const header = this.peek(SMUX_HEADER_LENGTH);
      const length = header.readUInt16LE(2);
      if (this.pendingLength < SMUX_HEADER_LENGTH + length) break;
      const whole = this.take(SMUX_HEADER_LENGTH + length);
      frames.push({
        version: whole.readUInt8(0),
        command: whole.readUInt8(1),
        streamId: whole.readUInt32LE(4),
        data: whole.subarray(SMUX_HEADER_LENGTH),
      });
    }
    return frames;
  }

  /** Bytes held while waiting for the rest of a frame (at most one frame: 8 + 65535). */
  get buffered(): number {
    return this.pendingLength;
  }

  private peek(length: number): Buffer {
    const first = this.pending[0] as Buffer;
    if (first.length >= length) return first.subarray(0, length);
    this.pending = [Buffer.concat(this.pending)];
    return (this.pending[0] as Buffer).subarray(0, length);
  }

  private take(length: number): Buffer {
    const first = this.pending[0] as Buffer;
    let result: Buffer;
    if (first.length >= length) {
      result = first.subarray(0, length);
      if (first.length === length) this.pending.shift();
      else this.pending[0] = first.subarray(length);
    } else {
      const all = Buffer.concat(this.pending);
      result = all.subarray(0, length);
      this.pending = all.length > length ? [all.subarray(length)] : [];
    }
    this.pendingLength -= length;
    return result;
  }
}
