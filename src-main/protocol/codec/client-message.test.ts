import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  encodeClientMessage,
  parseFrame,
  sha256,
  validateClientMessage,
  type ClientMessage,
  type OutgoingMessage,
} from './client-message.js';
import { HEADER_LENGTH, MessageType, PAYLOAD_OFFSET, PayloadType, PortFlag } from './message-type.js';
import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';

// Constants of the Go client's messageparser_test.go (spec §11.1).
const MESSAGE_ID = 'dd01e56b-ff48-483e-a508-b5f073f31b16';
const CREATED_DATE = 1503434274948;

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** Runs `action` and returns the ProtocolError code it threw; fails if it threw anything else or nothing. */
function protocolErrorCode(action: () => unknown): ProtocolErrorCode {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError, nothing was thrown');
}

function frameWith(overrides: Partial<OutgoingMessage> = {}): Buffer {
  return encodeClientMessage({
    messageType: MessageType.InputStreamData,
    sequenceNumber: 1,
    flags: 2,
    payloadType: PayloadType.Undefined,
    messageId: MESSAGE_ID,
    createdDate: CREATED_DATE,
    payload: Buffer.from('payload'),
    ...overrides,
  });
}

describe('§11.3 vector 1: TestSerializeAndDeserializeClientMessage frame', () => {
  const vector1 = hex(`
    00000074 696e7075745f73747265616d5f64617461 202020202020202020202020202020 00000001
    0000015e0baa7884 0000000000000001 0000000000000002 a508b5f073f31b16dd01e56bff48483e
    239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5 00000000 00000007 7061796c6f6164`);

  it('encodes the 127-byte frame byte for byte', () => {
    const frame = frameWith();
    expect(vector1.length).toBe(127);
    expect(frame.toString('hex')).toBe(vector1.toString('hex'));
  });

  it('decodes the frame back to the same fields (round trip)', () => {
    const message = parseFrame(vector1);
    expect(message).toMatchObject({
      headerLength: 116,
      messageType: 'input_stream_data',
      schemaVersion: 1,
      createdDate: CREATED_DATE,
      sequenceNumber: 1,
      flags: 2,
      messageId: MESSAGE_ID,
      payloadType: 0,
      payloadLength: 7,
    });
    expect(message.payload.toString()).toBe('payload');
    expect(Buffer.from(message.payloadDigest).toString('hex')).toBe(
      '239f59ed55e737c77147cf55ad0c1b030b6d7ee748a7426952f9b852d5a935e5',
    );
    // The type field right-trimmed of its space padding equals the type.
    expect(vector1.subarray(4, 36).toString('latin1').trimEnd()).toBe(message.messageType);
  });
});

describe('§11.3 vector 3: Flag TerminateSession as client seq 7', () => {
  it('encodes the 124-byte frame with the SHA-256 of 00000002', () => {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(PortFlag.TerminateSession);
    const frame = frameWith({ sequenceNumber: 7, flags: 0, payloadType: PayloadType.Flag, payload });
    const expected = hex(`
      00000074 696e7075745f73747265616d5f64617461 202020202020202020202020202020 00000001
      0000015e0baa7884 0000000000000007 0000000000000000 a508b5f073f31b16dd01e56bff48483e
      433ebf5bc03dffa38536673207a21281612cef5faa9bc7a4d5b9be2fdb12cf1a 0000000a 00000004 00000002`);
    expect(frame.length).toBe(124);
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    const decoded = parseFrame(frame);
    expect(decoded.payloadType).toBe(10);
    expect(decoded.payload.readUInt32BE(0)).toBe(2);
  });
});

describe('§1 layout: the Go helper tests mapped onto frame fields (§11.1 messageparser_test.go)', () => {
  it('TestPutString: the type is space padded from the left of its 32-byte field', () => {
    const frame = frameWith({ messageType: 'hello' });
    expect(frame.subarray(4, 12).toString('hex')).toBe('68656c6c6f202020');
    expect(frame.subarray(4, 36)).toEqual(Buffer.concat([Buffer.from('hello'), Buffer.alloc(27, 0x20)]));
  });

  it('TestPutString: a type that does not fit the field is "Not enough space" (message-type-too-long)', () => {
    expect(protocolErrorCode(() => frameWith({ messageType: 'x'.repeat(33) }))).toBe('message-type-too-long');
    expect(() => frameWith({ messageType: 'x'.repeat(33) })).toThrow(/Not enough space/);
    // The limit is in bytes: 11 three-byte characters are 33 bytes.
    expect(protocolErrorCode(() => frameWith({ messageType: '€'.repeat(11) }))).toBe('message-type-too-long');
    // Exactly 32 bytes fits with no padding at all.
    const full = frameWith({ messageType: 'y'.repeat(32) });
    expect(full.subarray(4, 36).toString()).toBe('y'.repeat(32));
    expect(decodeClientMessage(full).messageType).toBe('y'.repeat(32));
  });

  it('TestPutBytes: payload bytes are copied verbatim at offset 120', () => {
    const frame = frameWith({ payload: hex('2255ff22') });
    expect(frame.subarray(PAYLOAD_OFFSET).toString('hex')).toBe('2255ff22');
    expect(frame.readUInt32BE(116)).toBe(4);
  });

  it('TestLongToBytes / TestPutLong / TestPutGetLong: int64 fields are big-endian', () => {
    const cases: Array<[number, string]> = [
      [5747283, '000000000057b253'],
      [92837273, '0000000005889599'],
      [50, '0000000000000032'],
      [4294967296, '0000000100000000'],
    ];
    for (const [value, bytes] of cases) {
      const frame = frameWith({ sequenceNumber: value, createdDate: value, flags: value });
      expect(frame.subarray(48, 56).toString('hex')).toBe(bytes);
      expect(frame.subarray(40, 48).toString('hex')).toBe(bytes);
      expect(frame.subarray(56, 64).toString('hex')).toBe(bytes);
      const decoded = decodeClientMessage(frame);
      expect([decoded.sequenceNumber, decoded.createdDate, decoded.flags]).toEqual([value, value, value]);
    }
  });

  it('TestPutInteger / TestPutGetInteger / TestGetBytesFromInteger: uint32 fields are big-endian', () => {
    const cases: Array<[number, string]> = [
      [324, '00000144'],
      [520392, '0007f0c8'],
      [50, '00000032'],
      [256, '00000100'],
      [65536, '00010000'],
    ];
    for (const [value, bytes] of cases) {
      const frame = frameWith({ payloadType: value, schemaVersion: value });
      expect(frame.subarray(112, 116).toString('hex')).toBe(bytes);
      expect(frame.subarray(36, 40).toString('hex')).toBe(bytes);
      const decoded = decodeClientMessage(frame);
      expect([decoded.payloadType, decoded.schemaVersion]).toEqual([value, value]);
    }
  });

  it('TestGetLong: reads 5899622 and 5899626 from the sequence field', () => {
    const frame = frameWith();
    hex('00000000005a0566').copy(frame, 48);
    expect(decodeClientMessage(frame).sequenceNumber).toBe(5899622);
    hex('00000000005a056a').copy(frame, 48);
    expect(decodeClientMessage(frame).sequenceNumber).toBe(5899626);
    hex('0000000000000032').copy(frame, 48);
    expect(decodeClientMessage(frame).sequenceNumber).toBe(50);
  });

  it('TestGetString: NUL padding on either side of the type is stripped ("rw")', () => {
    const frame = frameWith();
    frame.fill(0, 4, 36);
    hex('7277').copy(frame, 4);
    expect(decodeClientMessage(frame).messageType).toBe('rw');
    frame.fill(0, 4, 36);
    hex('7277').copy(frame, 6);
    expect(decodeClientMessage(frame).messageType).toBe('rw');
    // Space padding and surrounding whitespace are stripped too.
    frame.fill(0x20, 4, 36);
    hex('7277').copy(frame, 8);
    expect(decodeClientMessage(frame).messageType).toBe('rw');
  });

  it('the 4-byte HeaderLength is always 116 and the frame is 120 + n bytes', () => {
    for (const size of [0, 1, 1024]) {
      const frame = frameWith({ payload: Buffer.alloc(size, 7) });
      expect(frame.readUInt32BE(0)).toBe(HEADER_LENGTH);
      expect(frame.length).toBe(PAYLOAD_OFFSET + size);
      expect(frame.readUInt32BE(116)).toBe(size);
    }
  });

  it('computes the digest even for an empty payload: SHA-256("") = e3b0c442…7852b855', () => {
    const frame = frameWith({ payload: Buffer.alloc(0) });
    expect(frame.subarray(80, 112).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256(Buffer.alloc(0)).toString('hex')).toBe(frame.subarray(80, 112).toString('hex'));
  });

  it('defaults: schema 1, flags 0, a fresh random id and the current time', () => {
    const before = Date.now();
    const first = decodeClientMessage(
      encodeClientMessage({ messageType: 'x', sequenceNumber: 0, payloadType: 1, payload: Buffer.from('a') }),
    );
    const second = decodeClientMessage(
      encodeClientMessage({ messageType: 'x', sequenceNumber: 0, payloadType: 1, payload: Buffer.from('a') }),
    );
    expect(first.schemaVersion).toBe(1);
    expect(first.flags).toBe(0);
    expect(first.createdDate).toBeGreaterThanOrEqual(before);
    expect(first.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.messageId).not.toBe(first.messageId);
  });

  it('encodes and decodes negative int64 sequence numbers (the field is signed)', () => {
    const frame = frameWith({ sequenceNumber: -1 });
    expect(frame.subarray(48, 56).toString('hex')).toBe('ffffffffffffffff');
    expect(decodeClientMessage(frame).sequenceNumber).toBe(-1);
  });

  it('refuses a sequence number that is not a safe integer', () => {
    expect(protocolErrorCode(() => frameWith({ sequenceNumber: 2 ** 53 }))).toBe(
      'sequence-number-out-of-range',
    );
    expect(protocolErrorCode(() => frameWith({ sequenceNumber: 1.5 }))).toBe('sequence-number-out-of-range');
  });

  it('refuses a nil or malformed message id', () => {
    expect(protocolErrorCode(() => frameWith({ messageId: '00000000-0000-0000-0000-000000000000' }))).toBe(
      'invalid-message-id',
    );
    expect(protocolErrorCode(() => frameWith({ messageId: 'not-a-uuid' }))).toBe('invalid-message-id');
  });

  it('accepts a plain Uint8Array (not a Buffer) and a sub-view of a larger buffer', () => {
    const frame = frameWith();
    const copy = new Uint8Array(frame);
    expect(parseFrame(copy).payload.toString()).toBe('payload');
    const padded = new Uint8Array(frame.length + 10);
    padded.set(frame, 5);
    expect(parseFrame(padded.subarray(5, 5 + frame.length)).messageId).toBe(MESSAGE_ID);
  });
});

describe('§1 Deserialize: fixed offsets, payload = frame[HL+4:], typed errors instead of panics', () => {
  it('rejects frames shorter than 120 bytes (frame-too-short)', () => {
    const frame = frameWith();
    for (const length of [0, 1, 4, 64, 116, 119]) {
      expect(protocolErrorCode(() => decodeClientMessage(frame.subarray(0, length)))).toBe('frame-too-short');
    }
    // An empty payload is still a 120-byte frame and is fine.
    expect(decodeClientMessage(frameWith({ payload: Buffer.alloc(0) })).payload.length).toBe(0);
  });

  it('rejects HL+4 beyond the end of the frame (header-length-out-of-range)', () => {
    const frame = frameWith();
    frame.writeUInt32BE(frame.length - 3, 0);
    expect(protocolErrorCode(() => decodeClientMessage(frame))).toBe('header-length-out-of-range');
    frame.writeUInt32BE(0xffffffff, 0);
    expect(protocolErrorCode(() => decodeClientMessage(frame))).toBe('header-length-out-of-range');
    // HL+4 == length is the largest accepted value: an empty payload.
    frame.writeUInt32BE(frame.length - 4, 0);
    expect(decodeClientMessage(frame).payload.length).toBe(0);
  });

  it('trusts HL to locate the payload and ignores PayloadLength when slicing', () => {
    const frame = Buffer.concat([frameWith(), Buffer.from('XY')]);
    const decoded = decodeClientMessage(frame);
    expect(decoded.payload.toString()).toBe('payloadXY');
    expect(decoded.payloadLength).toBe(7);
    // ...so the digest (computed over "payload") no longer matches the sliced payload.
    expect(protocolErrorCode(() => validateClientMessage(decoded))).toBe('payload-digest-mismatch');

    const shifted = frameWith();
    shifted.writeUInt32BE(118, 0);
    expect(decodeClientMessage(shifted).payload.toString()).toBe('yload');
  });

  it('rejects a sequence number outside the safe-integer range (sequence-number-out-of-range)', () => {
    const frame = frameWith();
    frame.writeBigInt64BE(2n ** 53n, 48);
    expect(protocolErrorCode(() => decodeClientMessage(frame))).toBe('sequence-number-out-of-range');
    frame.writeBigInt64BE(-(2n ** 53n), 48);
    expect(protocolErrorCode(() => decodeClientMessage(frame))).toBe('sequence-number-out-of-range');
    frame.writeBigInt64BE(2n ** 53n - 1n, 48);
    expect(decodeClientMessage(frame).sequenceNumber).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('§1 Validate (TestClientMessage_Validate and friends)', () => {
  it('reports errors in Go order as the fields are filled in', () => {
    const message: ClientMessage = {
      headerLength: 0,
      messageType: '',
      schemaVersion: 0,
      createdDate: 0,
      sequenceNumber: 0,
      flags: 0,
      messageId: MESSAGE_ID,
      payloadDigest: Buffer.alloc(32),
      payloadType: 0,
      payloadLength: 3,
      payload: Buffer.from('payload'),
    };
    expect(protocolErrorCode(() => validateClientMessage(message))).toBe('header-length-zero');
    expect(() => validateClientMessage(message)).toThrow('HeaderLength cannot be zero');
    message.headerLength = 1;
    expect(protocolErrorCode(() => validateClientMessage(message))).toBe('message-type-missing');
    expect(() => validateClientMessage(message)).toThrow('MessageType is missing');
    message.messageType = MessageType.InputStreamData;
    expect(protocolErrorCode(() => validateClientMessage(message))).toBe('created-date-missing');
    expect(() => validateClientMessage(message)).toThrow('CreatedDate is missing');
    message.createdDate = CREATED_DATE;
    expect(protocolErrorCode(() => validateClientMessage(message))).toBe('payload-digest-mismatch');
    expect(() => validateClientMessage(message)).toThrow('payload Hash is not valid');
    message.payloadDigest = sha256(Buffer.from('payload'));
    expect(() => validateClientMessage(message)).not.toThrow();
  });

  it('skips the digest check when PayloadLength is 0', () => {
    const frame = frameWith();
    frame.writeUInt32BE(0, 116);
    frame.fill(0xaa, 80, 112);
    expect(parseFrame(frame).payload.toString()).toBe('payload');
  });

  it('TestClientMessage_ValidateStartPublicationMessage: start/pause_publication skip every check', () => {
    for (const type of [MessageType.StartPublication, MessageType.PausePublication]) {
      const frame = frameWith({ messageType: type, payload: Buffer.from('x') });
      frame.writeUInt32BE(0, 0); // HL = 0
      frame.writeBigUInt64BE(0n, 40); // CreatedDate = 0
      frame.fill(0, 80, 112); // wrong digest
      const message = parseFrame(frame);
      expect(message.messageType).toBe(type);
      expect(message.headerLength).toBe(0);
      expect(message.createdDate).toBe(0);
    }
  });

  it('parseFrame turns every wire-level failure into the same typed errors', () => {
    const noType = frameWith();
    noType.fill(0x20, 4, 36);
    expect(protocolErrorCode(() => parseFrame(noType))).toBe('message-type-missing');
    const nulType = frameWith();
    nulType.fill(0, 4, 36);
    expect(protocolErrorCode(() => parseFrame(nulType))).toBe('message-type-missing');
    const noDate = frameWith({ createdDate: 0 });
    expect(protocolErrorCode(() => parseFrame(noDate))).toBe('created-date-missing');
    const zeroHl = frameWith();
    zeroHl.writeUInt32BE(0, 0);
    expect(protocolErrorCode(() => parseFrame(zeroHl))).toBe('header-length-zero');
    const badDigest = frameWith();
    badDigest.writeUInt8(badDigest.readUInt8(PAYLOAD_OFFSET) ^ 1, PAYLOAD_OFFSET);
    expect(protocolErrorCode(() => parseFrame(badDigest))).toBe('payload-digest-mismatch');
  });

  it('does not check SchemaVersion or Flags on receipt', () => {
    const message = parseFrame(frameWith({ schemaVersion: 99, flags: 0xffff }));
    expect(message.schemaVersion).toBe(99);
    expect(message.flags).toBe(0xffff);
  });
});

describe('ProtocolError', () => {
  it('carries a code, a Go-worded message and the name ProtocolError', () => {
    const error = new ProtocolError('frame-too-short', 'short');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProtocolError');
    expect(error.code).toBe('frame-too-short');
    expect(error.message).toBe('short');
  });
});
