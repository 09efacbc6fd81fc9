import { describe, expect, it } from 'vitest';
import { ProtocolError } from './protocol-error.js';
import { isUuid, newUuid, readWireUuid, writeWireUuid } from './wire-uuid.js';

describe('§1 MessageId half-swap', () => {
  it('writes dd01e56b-ff48-483e-a508-b5f073f31b16 as a508b5f073f31b16 dd01e56bff48483e', () => {
    const target = Buffer.alloc(16);
    writeWireUuid('dd01e56b-ff48-483e-a508-b5f073f31b16', target, 0);
    expect(target.toString('hex')).toBe('a508b5f073f31b16dd01e56bff48483e');
  });

  it('reads the wire bytes back as the canonical lowercase unswapped string', () => {
    const wire = Buffer.from('a508b5f073f31b16dd01e56bff48483e', 'hex');
    expect(readWireUuid(wire, 0)).toBe('dd01e56b-ff48-483e-a508-b5f073f31b16');
  });

  it('writes and reads at an offset without touching neighbouring bytes', () => {
    const target = Buffer.alloc(20, 0xee);
    writeWireUuid('0b5e1c6a-3f7e-4c2a-9d41-2f8e6b7c9a10', target, 2);
    expect(target.toString('hex')).toBe('eeee9d412f8e6b7c9a100b5e1c6a3f7e4c2aeeee');
    expect(readWireUuid(target, 2)).toBe('0b5e1c6a-3f7e-4c2a-9d41-2f8e6b7c9a10');
  });

  it('accepts upper-case input and always reads back lower case', () => {
    const target = Buffer.alloc(16);
    writeWireUuid('DD01E56B-FF48-483E-A508-B5F073F31B16', target, 0);
    expect(readWireUuid(target, 0)).toBe('dd01e56b-ff48-483e-a508-b5f073f31b16');
  });

  it('round-trips random v4 UUIDs', () => {
    const target = Buffer.alloc(16);
    for (let i = 0; i < 100; i++) {
      const uuid = newUuid();
      writeWireUuid(uuid, target, 0);
      expect(readWireUuid(target, 0)).toBe(uuid);
    }
  });

  it('refuses the nil UUID ("putUuid failed: input is null.") and non-UUID strings', () => {
    for (const bad of [
      '00000000-0000-0000-0000-000000000000',
      '',
      'dd01e56bff48483ea508b5f073f31b16',
      'zz01e56b-ff48-483e-a508-b5f073f31b16',
    ]) {
      let thrown: unknown;
      try {
        writeWireUuid(bad, Buffer.alloc(16), 0);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProtocolError);
      expect((thrown as ProtocolError).code).toBe('invalid-message-id');
    }
  });

  it('reads an all-zero wire id without failing (only the writer refuses it, as in Go)', () => {
    expect(readWireUuid(Buffer.alloc(16), 0)).toBe('00000000-0000-0000-0000-000000000000');
  });

  it('isUuid and newUuid', () => {
    expect(isUuid('dd01e56b-ff48-483e-a508-b5f073f31b16')).toBe(true);
    expect(isUuid('dd01e56b-ff48-483e-a508-b5f073f31b1')).toBe(false);
    expect(isUuid(' dd01e56b-ff48-483e-a508-b5f073f31b16')).toBe(false);
    const uuid = newUuid();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUuid()).not.toBe(uuid);
  });
});
