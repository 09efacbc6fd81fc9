import { encodeClientMessage, type ClientMessage } from './codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from './codec/message-type.js';
import { goMarshal } from './go-json.js';
import { goBool, goInt64, goString, goStruct, goUnmarshalStrict } from './go-json-unmarshal.js';

/** The JSON body of an `acknowledge` message (spec §4.1), fields in Go's order. */
export interface AcknowledgeContent {
  acknowledgedMessageType: string;
  acknowledgedMessageId: string;
  acknowledgedMessageSequenceNumber: number;
  isSequentialMessage: boolean;
}

export function acknowledgePayload(content: AcknowledgeContent): Buffer {
  return Buffer.from(
    goMarshal({
      AcknowledgedMessageType: content.acknowledgedMessageType,
      AcknowledgedMessageId: content.acknowledgedMessageId,
      AcknowledgedMessageSequenceNumber: content.acknowledgedMessageSequenceNumber,
      IsSequentialMessage: content.isSequentialMessage,
    }),
  );
}

/** Builds the ack frame for a received stream message: seq 0, flags 3, PayloadType 0, a new id. */
export function encodeAcknowledge(
  acked: Pick<ClientMessage, 'messageType' | 'messageId' | 'sequenceNumber'>,
  options: { messageId?: string; createdDate?: number } = {},
): Buffer {
  return encodeClientMessage({
    messageType: MessageType.Acknowledge,
    sequenceNumber: 0,
    flags: HeaderFlags.SynFin,
    payloadType: PayloadType.Undefined,
    messageId: options.messageId,
    createdDate: options.createdDate,
    payload: acknowledgePayload({
      acknowledgedMessageType: acked.messageType,
      acknowledgedMessageId: acked.messageId,
      acknowledgedMessageSequenceNumber: acked.sequenceNumber,
      isSequentialMessage: true,
    }),
  });
}

const AcknowledgeContentType = goStruct('AcknowledgeContent', {
  AcknowledgedMessageType: goString,
  AcknowledgedMessageId: goString,
  AcknowledgedMessageSequenceNumber: goInt64,
  IsSequentialMessage: goBool,
});

/**
 * Parses an ack body as Go's json.Unmarshal into AcknowledgeContent: a missing field is its zero
 * value (an ack without a sequence number acknowledges 0, even a `null` body), and any error rejects
 * the ack, because HandleAcknowledgeMessage returns before processing it. Only the sequence number
 * matters to the receiver; acks are selective (§4.1).
 */
export function parseAcknowledge(payload: Uint8Array): AcknowledgeContent {
  const canonical = parseCanonicalAcknowledge(payload);
  if (canonical) return canonical;
  const content = goUnmarshalStrict(payload, AcknowledgeContentType);
  return {
    acknowledgedMessageType: content.AcknowledgedMessageType,
    acknowledgedMessageId: content.AcknowledgedMessageId,
    acknowledgedMessageSequenceNumber: content.AcknowledgedMessageSequenceNumber,
    isSequentialMessage: content.IsSequentialMessage,
  };
}

/**
 * The exact bytes both Go peers write (acknowledgePayload's shape: these keys in this order, ASCII
 * strings without escapes, a sequence number of at most 15 digits). A busy tunnel parses tens of
 * thousands of acks a second, and this shape is what they all are; the general decoder, which gives
 * the same result for these bytes, handles everything else.
 */
const CANONICAL_ACK =
  /^\{"AcknowledgedMessageType":"([\x20\x21\x23-\x5b\x5d-\x7e]*)","AcknowledgedMessageId":"([\x20\x21\x23-\x5b\x5d-\x7e]*)","AcknowledgedMessageSequenceNumber":(-?(?:0|[1-9]\d{0,14})),"IsSequentialMessage":(true|false)\}$/;

function parseCanonicalAcknowledge(payload: Uint8Array): AcknowledgeContent | undefined {
  const match = CANONICAL_ACK.exec(
    Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('latin1'),
  );
  if (!match) return undefined;
  return {
    acknowledgedMessageType: match[1] as string,
    acknowledgedMessageId: match[2] as string,
    acknowledgedMessageSequenceNumber: Number(match[3]) + 0,
    isSequentialMessage: match[4] === 'true',
  };
}
