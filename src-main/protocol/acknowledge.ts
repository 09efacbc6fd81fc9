import { encodeClientMessage, type ClientMessage } from './codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from './codec/message-type.js';
import { ProtocolError } from './codec/protocol-error.js';
import { goField, goMarshal, parseJsonObject } from './go-json.js';

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

/** Parses an ack body. Only the sequence number matters to the receiver; acks are selective (§4.1). */
export function parseAcknowledge(payload: Uint8Array): AcknowledgeContent {
  const object = parseJsonObject(payload);
  const sequence = object && goField(object, 'AcknowledgedMessageSequenceNumber');
  if (!object || typeof sequence !== 'number' || !Number.isSafeInteger(sequence)) {
    throw new ProtocolError(
      'invalid-payload',
      'acknowledge payload has no valid AcknowledgedMessageSequenceNumber',
    );
  }
  const type = goField(object, 'AcknowledgedMessageType');
  const id = goField(object, 'AcknowledgedMessageId');
  return {
    acknowledgedMessageType: typeof type === 'string' ? type : '',
    acknowledgedMessageId: typeof id === 'string' ? id : '',
    acknowledgedMessageSequenceNumber: sequence,
    isSequentialMessage: goField(object, 'IsSequentialMessage') === true,
  };
}
