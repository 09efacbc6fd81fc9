import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/** KMS data keys are 64 bytes: two AES-256 keys, one per direction (spec §6). */
export const DATA_KEY_LENGTH = 64;
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;

export interface DirectionalKeys {
  /** Bytes 0..31: the agent encrypts with it, the client decrypts. */
  agentToClient: Buffer;
  /** Bytes 32..63: the client encrypts with it, the agent decrypts. */
  clientToAgent: Buffer;
}

export function splitDataKey(plaintextKey: Uint8Array): DirectionalKeys {
  if (plaintextKey.length !== DATA_KEY_LENGTH) {
    throw new ProtocolError(
      'invalid-key',
      `KMS data key must be ${DATA_KEY_LENGTH} bytes, got ${plaintextKey.length}`,
    );
  }
  const key = Buffer.from(plaintextKey);
  return { agentToClient: key.subarray(0, 32), clientToAgent: key.subarray(32, 64) };
}

/** AES-256-GCM, no additional data. Envelope = nonce(12) ‖ ciphertext ‖ tag(16). */
export function sealPayload(
  key: Uint8Array,
  plaintext: Uint8Array,
  nonce: Uint8Array = randomBytes(NONCE_LENGTH),
): Buffer {
  if (nonce.length !== NONCE_LENGTH) {
    throw new ProtocolError('invalid-key', `nonce must be ${NONCE_LENGTH} bytes`);
  }
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens an envelope sealed by either side; the receiver only needs the 12-byte nonce prefix. */
export function openPayload(key: Uint8Array, envelope: Uint8Array): Buffer {
  if (envelope.length < NONCE_LENGTH + TAG_LENGTH) {
    throw new ProtocolError('decrypt-failed', `encrypted payload of ${envelope.length} bytes is too short`);
  }
  const nonce = envelope.subarray(0, NONCE_LENGTH);
  const tag = envelope.subarray(envelope.length - TAG_LENGTH);
  const body = envelope.subarray(NONCE_LENGTH, envelope.length - TAG_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new ProtocolError('decrypt-failed', 'encrypted payload failed authentication');
  }
}
