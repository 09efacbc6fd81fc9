import { describe, expect, it } from 'vitest';
import { goBool, goInt64, goString, goStruct, goUnmarshalStrict } from './go-json-unmarshal.js';
import { acknowledgePayload, encodeAcknowledge, parseAcknowledge } from './acknowledge.js';
import { decodeClientMessage, parseFrame } from './codec/client-message.js';
import { MessageType } from './codec/message-type.js';
import { ProtocolError } from './codec/protocol-error.js';

const ACKED_ID = 'dd01e56b-ff48-483e-a508-b5f073f31b16';
const ACK_ID = '0b5e1c6a-3f7e-4c2a-9d41-2f8e6b7c9a10';
const CREATED_DATE = 1503434274948;
const ACK_JSON =
  '{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","AcknowledgedMessageSequenceNumber":2,"IsSequentialMessage":true}';

function invalidPayloadThrown(payload: string): boolean {
  try {
    parseAcknowledge(Buffer.from(payload));
  } catch (error) {
    return error instanceof ProtocolError && error.code === 'invalid-payload';
  }
  return false;
}

describe('§11.3 vector 2: the 296-byte ack', () => {
  const frame = encodeAcknowledge(
    { messageType: MessageType.OutputStreamData, messageId: ACKED_ID, sequenceNumber: 2 },
    { messageId: ACK_ID, createdDate: CREATED_DATE },
  );

  it('carries the exact 176-byte JSON payload', () => {
    expect(Buffer.byteLength(ACK_JSON)).toBe(176);
    expect(frame.subarray(120).toString()).toBe(ACK_JSON);
  });

  it('matches the header byte for byte', () => {
    const header =
      '00000074' +
      '61636b6e6f776c65646765' +
      '20'.repeat(21) +
      '00000001' +
      '0000015e0baa7884' +
      '0000000000000000' +
      '0000000000000003' +
      '9d412f8e6b7c9a10' +
      '0b5e1c6a3f7e4c2a' +
      '826149d35e09fb655b0de7148dac393b940c08944aeccbefab44cbd86c9be050' +
      '00000000' +
      '000000b0';
    expect(frame.length).toBe(296);
    expect(frame.subarray(0, 120).toString('hex')).toBe(header);
  });

  it('parses back: selective ack for seq 2', () => {
    const message = parseFrame(frame);
    expect(message.messageType).toBe('acknowledge');
    expect(message.sequenceNumber).toBe(0);
    expect(message.flags).toBe(3);
    expect(message.payloadType).toBe(0);
    expect(parseAcknowledge(message.payload)).toEqual({
      acknowledgedMessageType: 'output_stream_data',
      acknowledgedMessageId: ACKED_ID,
      acknowledgedMessageSequenceNumber: 2,
      isSequentialMessage: true,
    });
  });
});

describe('TestSerializeAndDeserializeClientMessageWithAcknowledgeContent', () => {
  it('round-trips an ack for input_stream_data, seq 2', () => {
    const frame = encodeAcknowledge({
      messageType: MessageType.InputStreamData,
      messageId: ACKED_ID,
      sequenceNumber: 2,
    });
    const message = decodeClientMessage(frame);
    // A fresh random id and the current time when none are given.
    expect(message.messageId).not.toBe(ACKED_ID);
    expect(message.createdDate).toBeGreaterThan(CREATED_DATE);
    expect(parseAcknowledge(message.payload)).toEqual({
      acknowledgedMessageType: 'input_stream_data',
      acknowledgedMessageId: ACKED_ID,
      acknowledgedMessageSequenceNumber: 2,
      isSequentialMessage: true,
    });
  });

  it('acknowledgePayload keeps Go field order and no whitespace', () => {
    expect(
      acknowledgePayload({
        acknowledgedMessageType: 'output_stream_data',
        acknowledgedMessageId: ACKED_ID,
        acknowledgedMessageSequenceNumber: 2,
        isSequentialMessage: true,
      }).toString(),
    ).toBe(ACK_JSON);
  });
});

describe('parseAcknowledge', () => {
  it('matches keys case-insensitively, as Go does', () => {
    const parsed = parseAcknowledge(
      Buffer.from(
        '{"acknowledgedmessagetype":"x","ACKNOWLEDGEDMESSAGEID":"y","acknowledgedMessageSequenceNumber":9,"isSequentialMessage":true}',
      ),
    );
    expect(parsed).toEqual({
      acknowledgedMessageType: 'x',
      acknowledgedMessageId: 'y',
      acknowledgedMessageSequenceNumber: 9,
      isSequentialMessage: true,
    });
  });

  it('needs nothing: a missing field is its zero value, so an empty ack acknowledges 0 (Go semantics)', () => {
    const zero = {
      acknowledgedMessageType: '',
      acknowledgedMessageId: '',
      acknowledgedMessageSequenceNumber: 0,
      isSequentialMessage: false,
    };
    for (const payload of [
      '{"AcknowledgedMessageSequenceNumber":0}',
      '{}',
      'null',
      '{"AcknowledgedMessageSequenceNumber":null}',
      '{"AcknowledgedMessageType":"output_stream_data"}',
    ]) {
      expect(parseAcknowledge(Buffer.from(payload)), payload).toMatchObject({
        ...zero,
        acknowledgedMessageType: payload.includes('output') ? 'output_stream_data' : '',
      });
    }
  });

  it('rejects what json.Unmarshal rejects (HandleAcknowledgeMessage then drops the ack)', () => {
    for (const payload of [
      '',
      'not json',
      '[]',
      '2',
      '{"AcknowledgedMessageSequenceNumber":"2"}',
      '{"AcknowledgedMessageSequenceNumber":1.5}',
      '{"AcknowledgedMessageSequenceNumber":2.0}',
      '{"AcknowledgedMessageSequenceNumber":9223372036854775808}',
      '{"AcknowledgedMessageSequenceNumber":2,"IsSequentialMessage":"yes"}',
      '{"AcknowledgedMessageSequenceNumber":2,"AcknowledgedMessageId":5}',
    ]) {
      expect(invalidPayloadThrown(payload), payload).toBe(true);
    }
  });
});

describe('parseAcknowledge fast path for the bytes Go writes', () => {
  it('gives what the general decoder gives, on and just off the canonical shape', () => {
    const Ack = goStruct('AcknowledgeContent', {
      AcknowledgedMessageType: goString,
      AcknowledgedMessageId: goString,
      AcknowledgedMessageSequenceNumber: goInt64,
      IsSequentialMessage: goBool,
    });
    const shape = (type: string, id: string, seq: string, sequential: string): string =>
      `{"AcknowledgedMessageType":${type},"AcknowledgedMessageId":${id},"AcknowledgedMessageSequenceNumber":${seq},"IsSequentialMessage":${sequential}}`;
    for (const payload of [
      ACK_JSON,
      shape('"output_stream_data"', `"${ACKED_ID}"`, '0', 'false'),
      shape('"x"', '""', '-0', 'true'),
      shape('"x"', '"y"', '999999999999999', 'true'),
      shape('"x"', '"y"', '9999999999999999', 'true'), // 16 digits: general path
      shape('"a\\"b"', '"\\u00e9"', '3', 'true'), // escapes: general path
      shape('"é"', '"y"', '3', 'true'), // non-ASCII: general path
    ]) {
      const general = goUnmarshalStrict(payload, Ack);
      expect(parseAcknowledge(Buffer.from(payload)), payload).toEqual({
        acknowledgedMessageType: general.AcknowledgedMessageType,
        acknowledgedMessageId: general.AcknowledgedMessageId,
        acknowledgedMessageSequenceNumber: general.AcknowledgedMessageSequenceNumber,
        isSequentialMessage: general.IsSequentialMessage,
      });
    }
  });
});
