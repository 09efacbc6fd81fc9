/**
 * Splits off an incomplete UTF-8 sequence at the end of a chunk, as the agent's shell pump does before
 * sending (spec §10): the held-back bytes (at most 3) go at the front of the next chunk, so a payload
 * can be up to 1027 bytes long.
 */
export function splitIncompleteUtf8Tail(chunk: Buffer): { complete: Buffer; carry: Buffer } {
  const end = chunk.length;
  for (let back = 1; back <= Math.min(3, end); back++) {
    const byte = chunk[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = byte >= 0xf0 && byte <= 0xf4 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 1;
    if (needed > back) {
      return { complete: chunk.subarray(0, end - back), carry: Buffer.from(chunk.subarray(end - back)) };
    }
    break;
  }
  return { complete: chunk, carry: Buffer.alloc(0) };
}
