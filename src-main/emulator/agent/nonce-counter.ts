import { randomBytes } from 'node:crypto';

/**
 * The agent's AES-GCM nonce: a 96-bit little-endian counter (three uint32 words, carry from word 0
 * upward) that starts at a random value (spec §6). The client must accept any 12-byte prefix; using the
 * agent's scheme here makes sure it does not assume random nonces.
 */
export class NonceCounter {
  private readonly words = new Uint32Array(3);

  constructor(start: Buffer = randomBytes(12)) {
    for (let i = 0; i < 3; i++) this.words[i] = start.readUInt32LE(i * 4);
  }

  next(): Buffer {
    const nonce = Buffer.alloc(12);
    for (let i = 0; i < 3; i++) nonce.writeUInt32LE(this.words[i] ?? 0, i * 4);
    for (let i = 0; i < 3; i++) {
      const value = ((this.words[i] ?? 0) + 1) >>> 0;
      this.words[i] = value;
      if (value !== 0) break;
    }
    return nonce;
  }
}
