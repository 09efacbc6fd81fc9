import { createHash } from 'node:crypto';
import {
  HEADER_LENGTH,
  HeaderFlags,
  MessageType,
  PAYLOAD_OFFSET,
  SCHEMA_VERSION,
  type PayloadType,
} from './message-type.js';
import { ProtocolError } from './protocol-error.js';
import { newUuid, readWireUuid, writeWireUuid } from './wire-uuid.js';

/**
 * One binary protocol message ("ClientMessage" in the Go client, "AgentMessage" in the agent): the
 * layout is identical in both directions (spec §1).
 */
export interface ClientMessage {
  headerLength: number;
  messageType: string;
  schemaVersion: number;
  /** Milliseconds since the Unix epoch. */
  createdDate: number;
  sequenceNumber: number;
  flags: number;
  /** Canonical lowercase UUID string (unswapped). */
  messageId: string;
  payloadDigest: Uint8Array;
  payloadType: number;
  /** The PayloadLength field as read; the payload itself is the rest of the frame (spec §1). */
  payloadLength: number;
  payload: Buffer;
}

/** What a caller supplies to build a frame; everything else is derived. */
export interface OutgoingMessage {
  messageType: string;
  sequenceNumber: number;
  payloadType: PayloadType | number;
  payload: Uint8Array;
  flags?: number;
  messageId?: string;
  createdDate?: number;
  schemaVersion?: number;
}

const OFFSET = {
  headerLength: 0,
  messageType: 4,
  schemaVersion: 36,
  createdDate: 40,
  sequenceNumber: 48,
  flags: 56,
  messageId: 64,
  payloadDigest: 80,
  payloadType: 112,
  payloadLength: 116,
} as const;
const MESSAGE_TYPE_FIELD_LENGTH = 32;
const DIGEST_LENGTH = 32;

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Serializes a message exactly as the Go serializer does: HL 116, space-padded type, swapped UUID. */
export function encodeClientMessage(message: OutgoingMessage): Buffer {
  const typeBytes = Buffer.from(message.messageType, 'utf8');
  if (typeBytes.length > MESSAGE_TYPE_FIELD_LENGTH) {
    throw new ProtocolError('message-type-too-long', 'Not enough space to save the string.');
  }
  if (!Number.isSafeInteger(message.sequenceNumber)) {
    throw new ProtocolError('sequence-number-out-of-range', 'SequenceNumber must be a safe integer');
  }
  const payload = message.payload;
  const frame = Buffer.alloc(PAYLOAD_OFFSET + payload.length);
  frame.writeUInt32BE(HEADER_LENGTH, OFFSET.headerLength);
  frame.fill(0x20, OFFSET.messageType, OFFSET.messageType + MESSAGE_TYPE_FIELD_LENGTH);
  frame.set(typeBytes, OFFSET.messageType);
  frame.writeUInt32BE(message.schemaVersion ?? SCHEMA_VERSION, OFFSET.schemaVersion);
  frame.writeBigUInt64BE(BigInt(message.createdDate ?? Date.now()), OFFSET.createdDate);
  frame.writeBigInt64BE(BigInt(message.sequenceNumber), OFFSET.sequenceNumber);
  frame.writeBigUInt64BE(BigInt(message.flags ?? HeaderFlags.None), OFFSET.flags);
  writeWireUuid(message.messageId ?? newUuid(), frame, OFFSET.messageId);
  // The digest is always computed, even for an empty payload.
  frame.set(sha256(payload), OFFSET.payloadDigest);
  frame.writeUInt32BE(message.payloadType, OFFSET.payloadType);
  frame.writeUInt32BE(payload.length, OFFSET.payloadLength);
  frame.set(payload, PAYLOAD_OFFSET);
  return frame;
}

/**
 * Parses a frame from fixed offsets as both Go implementations do. Unlike Go, a frame shorter than 120
 * bytes or with HL+4 beyond its end is rejected with a typed error instead of a recovered panic (§1).
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  if (frame.length < PAYLOAD_OFFSET) {
    throw new ProtocolError(
      'frame-too-short',
      `Frame of ${frame.length} bytes is shorter than the ${PAYLOAD_OFFSET}-byte header`,
    );
  }
  const buf = Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.length);
  const headerLength = buf.readUInt32BE(OFFSET.headerLength);
  // HL is trusted to locate the payload (payload = frame[HL+4:]); it only has to stay inside the frame.
  if (headerLength + 4 > buf.length) {
    throw new ProtocolError(
      'header-length-out-of-range',
      `HeaderLength ${headerLength} points past the end of a ${buf.length}-byte frame`,
    );
  }
  const sequenceNumber = buf.readBigInt64BE(OFFSET.sequenceNumber);
  if (sequenceNumber > BigInt(Number.MAX_SAFE_INTEGER) || sequenceNumber < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtocolError(
      'sequence-number-out-of-range',
      `SequenceNumber ${sequenceNumber} is out of range`,
    );
  }
  return {
    headerLength,
    messageType: decodeMessageType(
      buf.subarray(OFFSET.messageType, OFFSET.messageType + MESSAGE_TYPE_FIELD_LENGTH),
    ),
    schemaVersion: buf.readUInt32BE(OFFSET.schemaVersion),
    createdDate: Number(buf.readBigUInt64BE(OFFSET.createdDate)),
    sequenceNumber: Number(sequenceNumber),
    flags: Number(buf.readBigUInt64BE(OFFSET.flags)),
    messageId: readWireUuid(buf, OFFSET.messageId),
    payloadDigest: buf.subarray(OFFSET.payloadDigest, OFFSET.payloadDigest + DIGEST_LENGTH),
    payloadType: buf.readUInt32BE(OFFSET.payloadType),
    payloadLength: buf.readUInt32BE(OFFSET.payloadLength),
    payload: buf.subarray(headerLength + 4),
  };
}

/** Go strips NULs from both ends, then surrounding whitespace: space and NUL padding are both accepted. */
function decodeMessageType(field: Buffer): string {
  let start = 0;
  let end = field.length;
  while (start < end && field[start] === 0) start++;
  while (end > start && field[end - 1] === 0) end--;
  return field.subarray(start, end).toString('utf8').trim();
}

/**
 * The client's Validate() (spec §1), in its order. start_publication and pause_publication skip all
 * checks. The digest is checked only when PayloadLength is non-zero, over the payload as sliced.
 */
export function validateClientMessage(message: ClientMessage): void {
  if (
    message.messageType === MessageType.StartPublication ||
    message.messageType === MessageType.PausePublication
  ) {
    return;
  }
  if (message.headerLength === 0) {
    throw new ProtocolError('header-length-zero', 'HeaderLength cannot be zero');
  }
  if (message.messageType === '') {
    throw new ProtocolError('message-type-missing', 'MessageType is missing');
  }
  if (message.createdDate === 0) {
    throw new ProtocolError('created-date-missing', 'CreatedDate is missing');
  }
  if (message.payloadLength !== 0 && !sha256(message.payload).equals(message.payloadDigest)) {
    throw new ProtocolError('payload-digest-mismatch', 'payload Hash is not valid');
  }
}

/** Decode and validate in one step: what every receiver does with an incoming frame. */
export function parseFrame(frame: Uint8Array): ClientMessage {
  const message = decodeClientMessage(frame);
  validateClientMessage(message);
  return message;
}
