/**
 * The agent's side of smux v1 (xtaci/smux as the agent vendors it): an 8-byte header
 * `ver | cmd | length (LE u16) | streamId (LE u32)`; SYN opens a stream, FIN closes it, PSH carries
 * data, NOP keeps the session alive. Written for the emulator separately from the client's smux code.
 */
export const SMUX_VERSION = 1;
export const SmuxCommand = { Syn: 0, Fin: 1, Psh: 2, Nop: 3 } as const;
const HEADER_SIZE = 8;
export const MAX_FRAME_SIZE = 32768;

export interface SmuxServerFrame {
  command: number;
  streamId: number;
  data: Buffer;
}

export function encodeSmuxFrame(command: number, streamId: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const frame = Buffer.alloc(HEADER_SIZE + data.length);
  frame.writeUInt8(SMUX_VERSION, 0);
  frame.writeUInt8(command, 1);
  frame.writeUInt16LE(data.length, 2);
  frame.writeUInt32LE(streamId, 4);
  data.copy(frame, HEADER_SIZE);
  return frame;
}

/** Reassembles smux frames from the byte stream carried in Output payloads (frames span payloads). */
export class SmuxFrameReader {
  private buffered = Buffer.alloc(0);

  /** Returns the complete frames; throws on a protocol violation (bad version or command). */
  push(bytes: Buffer): SmuxServerFrame[] {
    this.buffered = this.buffered.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.buffered, bytes]);
    const frames: SmuxServerFrame[] = [];
    while (this.buffered.length >= HEADER_SIZE) {
      const version = this.buffered.readUInt8(0);
      const command = this.buffered.readUInt8(1);
      if (version !== SMUX_VERSION) throw new Error(`smux: invalid protocol version ${version}`);
      if (command > SmuxCommand.Nop) throw new Error(`smux: invalid command ${command}`);
      const length = this.buffered.readUInt16LE(2);
      if (this.buffered.length < HEADER_SIZE + length) break;
      frames.push({
        command,
        streamId: this.buffered.readUInt32LE(4),
        data: Buffer.from(this.buffered.subarray(HEADER_SIZE, HEADER_SIZE + length)),
      });
      this.buffered = this.buffered.subarray(HEADER_SIZE + length);
    }
    return frames;
  }
}
