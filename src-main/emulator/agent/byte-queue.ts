/** Bytes waiting to be read in bounded chunks, the way the agent reads its pty or internal socket. */
export class ByteQueue {
  private parts: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.parts.push(data);
    this.total += data.length;
  }

  /** Removes and returns up to `limit` bytes from the front. */
  take(limit: number): Buffer {
    const taken: Buffer[] = [];
    let size = 0;
    while (size < limit && this.parts.length > 0) {
      const head = this.parts[0] as Buffer;
      const room = limit - size;
      if (head.length <= room) {
        taken.push(head);
        size += head.length;
        this.parts.shift();
      } else {
        taken.push(head.subarray(0, room));
        this.parts[0] = head.subarray(room);
        size += room;
      }
    }
    this.total -= size;
    return Buffer.concat(taken, size);
  }

  clear(): void {
    this.parts = [];
    this.total = 0;
  }
}
