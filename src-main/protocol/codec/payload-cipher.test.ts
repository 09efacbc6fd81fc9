import { describe, expect, it } from 'vitest';
import {
  DATA_KEY_LENGTH,
  NONCE_LENGTH,
  TAG_LENGTH,
  openPayload,
  sealPayload,
  splitDataKey,
} from './payload-cipher.js';
import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';

// §11.2: the agent's blockcipher_test.go key, ASCII "wubba lubba dub dub …", 64 bytes.
const DATA_KEY = Buffer.from(
  '7775626261206c756262612064756220647562207775626261206c756262612064756220647562207775626261206c7562626120647562206475622077756262',
  'hex',
);
const PLAINTEXT = Buffer.from('plainTextDataToBeEncrypted');
const NONCE = Buffer.from('000102030405060708090a0b', 'hex');

function protocolErrorCode(action: () => unknown): ProtocolErrorCode {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError, nothing was thrown');
}

describe('§6 key split', () => {
  it('bytes 0..31 are agent→client, 32..63 client→agent', () => {
    expect(DATA_KEY.length).toBe(DATA_KEY_LENGTH);
    expect(DATA_KEY.toString('latin1').startsWith('wubba lubba dub dub')).toBe(true);
    const keys = splitDataKey(DATA_KEY);
    expect(keys.agentToClient).toEqual(DATA_KEY.subarray(0, 32));
    expect(keys.clientToAgent).toEqual(DATA_KEY.subarray(32, 64));
  });

  it('copies the key so later changes to the caller buffer do not leak in', () => {
    const key = Buffer.from(DATA_KEY);
    const keys = splitDataKey(key);
    key.fill(0);
    expect(keys.agentToClient).toEqual(DATA_KEY.subarray(0, 32));
  });

  it('refuses keys that are not 64 bytes (invalid-key)', () => {
    for (const length of [0, 32, 63, 65]) {
      expect(protocolErrorCode(() => splitDataKey(Buffer.alloc(length)))).toBe('invalid-key');
    }
  });
});

describe('§11.3 vector 4: AES-256-GCM envelopes with the §11.2 key', () => {
  const keys = splitDataKey(DATA_KEY);
  const agentToClientEnvelope =
    '000102030405060708090a0beb24b39bfac998bdd162186cd6951ff608f859d71ebdc81f0499f16e206f5d9a056d517c6c851d486f3f';
  const clientToAgentEnvelope =
    '000102030405060708090a0b9ee59205089ad0b9e62b5fca7b2ebda1dbbb709544b7f323c22637a85c395ed288d36886580abac5bb2d';

  it('agent→client key (bytes 0–31) gives the first envelope', () => {
    const envelope = sealPayload(keys.agentToClient, PLAINTEXT, NONCE);
    expect(envelope.toString('hex')).toBe(agentToClientEnvelope);
    expect(envelope.length).toBe(54);
  });

  it('client→agent key (bytes 32–63) gives the second envelope', () => {
    const envelope = sealPayload(keys.clientToAgent, PLAINTEXT, NONCE);
    expect(envelope.toString('hex')).toBe(clientToAgentEnvelope);
    expect(envelope.length).toBe(NONCE_LENGTH + PLAINTEXT.length + TAG_LENGTH);
  });

  it('both envelopes open to "plainTextDataToBeEncrypted" with their own key only', () => {
    const a = Buffer.from(agentToClientEnvelope, 'hex');
    const c = Buffer.from(clientToAgentEnvelope, 'hex');
    expect(openPayload(keys.agentToClient, a).toString()).toBe('plainTextDataToBeEncrypted');
    expect(openPayload(keys.clientToAgent, c).toString()).toBe('plainTextDataToBeEncrypted');
    expect(protocolErrorCode(() => openPayload(keys.clientToAgent, a))).toBe('decrypt-failed');
    expect(protocolErrorCode(() => openPayload(keys.agentToClient, c))).toBe('decrypt-failed');
  });
});

describe('§6 envelope handling', () => {
  const keys = splitDataKey(DATA_KEY);

  it('uses a fresh random 12-byte nonce per message by default, at the front', () => {
    const first = sealPayload(keys.clientToAgent, PLAINTEXT);
    const second = sealPayload(keys.clientToAgent, PLAINTEXT);
    expect(first.length).toBe(PLAINTEXT.length + 28);
    expect(first.subarray(0, 12).equals(second.subarray(0, 12))).toBe(false);
    expect(openPayload(keys.clientToAgent, first)).toEqual(PLAINTEXT);
    expect(openPayload(keys.clientToAgent, second)).toEqual(PLAINTEXT);
  });

  it('seals and opens an empty plaintext (28-byte envelope)', () => {
    const envelope = sealPayload(keys.agentToClient, Buffer.alloc(0), NONCE);
    expect(envelope.length).toBe(28);
    expect(openPayload(keys.agentToClient, envelope).length).toBe(0);
  });

  it('refuses a nonce that is not 12 bytes', () => {
    expect(protocolErrorCode(() => sealPayload(keys.agentToClient, PLAINTEXT, Buffer.alloc(16)))).toBe(
      'invalid-key',
    );
  });

  it('rejects short, tampered or truncated envelopes as decrypt-failed', () => {
    const envelope = sealPayload(keys.agentToClient, PLAINTEXT, NONCE);
    expect(protocolErrorCode(() => openPayload(keys.agentToClient, envelope.subarray(0, 27)))).toBe(
      'decrypt-failed',
    );
    for (const index of [0, 11, 12, 30, envelope.length - 1]) {
      const tampered = Buffer.from(envelope);
      tampered.writeUInt8(tampered.readUInt8(index) ^ 0x01, index);
      expect(protocolErrorCode(() => openPayload(keys.agentToClient, tampered))).toBe('decrypt-failed');
    }
    expect(
      protocolErrorCode(() => openPayload(keys.agentToClient, envelope.subarray(0, envelope.length - 1))),
    ).toBe('decrypt-failed');
  });

  it('rejects a key of the wrong size as decrypt-failed instead of a raw crypto error', () => {
    const envelope = sealPayload(keys.agentToClient, PLAINTEXT, NONCE);
    expect(protocolErrorCode(() => openPayload(Buffer.alloc(16), envelope))).toBe('decrypt-failed');
  });
});
