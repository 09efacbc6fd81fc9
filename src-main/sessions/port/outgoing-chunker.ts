import { STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';

/**
 * Packs a byte stream into data-channel payloads of exactly 1024 bytes where possible (the service's
 * payload size, spec §10), flushing a shorter tail once the current turn of the event loop is done.
 * Without packing, every 8-byte smux header at a frame's end would cost a whole message.
 */
export class OutgoingChunker {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private scheduled = false;

  constructor(private readonly send: (payload: Buffer) => void) {}

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
    this.pendingLength += bytes.length;
    while (this.pendingLength >= STREAM_DATA_PAYLOAD_SIZE) this.sendOne(STREAM_DATA_PAYLOAD_SIZE);
    if (this.pendingLength > 0 && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    while (this.pendingLength > 0) this.sendOne(Math.min(STREAM_DATA_PAYLOAD_SIZE, this.pendingLength));
  }

  private sendOne(size: number): void {
    const all = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
    this.send(all.subarray(0, size));
    const rest = all.subarray(size);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
  }
}
