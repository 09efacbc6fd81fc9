import { randomUUID } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function newUuid(): string {
  return randomUUID();
}

/**
 * Writes a UUID as the wire carries it: the Go implementation stores the "least significant" half
 * (canonical bytes 8..15) first and the "most significant" half (bytes 0..7) second (spec §1).
 */
export function writeWireUuid(uuid: string, target: Uint8Array, offset: number): void {
  if (!isUuid(uuid)) {
    throw new ProtocolError('invalid-message-id', `MessageId is not a UUID: ${JSON.stringify(uuid)}`);
  }
  const hex = uuid.replace(/-/g, '');
  const canonical = Buffer.from(hex, 'hex');
  if (/^0+$/.test(hex)) {
    // The Go serializer refuses a nil UUID ("putUuid failed: input is null.").
    throw new ProtocolError('invalid-message-id', 'MessageId must not be the nil UUID');
  }
  target.set(canonical.subarray(8, 16), offset);
  target.set(canonical.subarray(0, 8), offset + 8);
}

/** Reads 16 wire bytes back into the canonical lowercase 8-4-4-4-12 string of the unswapped UUID. */
export function readWireUuid(source: Uint8Array, offset: number): string {
  const lsb = Buffer.from(source.subarray(offset, offset + 8)).toString('hex');
  const msb = Buffer.from(source.subarray(offset + 8, offset + 16)).toString('hex');
  const hex = msb + lsb;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
