import { goField, goMarshal, isJsonObject, parseJsonObject } from './go-json.js';

/** Body of `channel_closed` (spec §4.6). CreatedDate is a string; the agent's variant has no Output. */
export interface ChannelClosed {
  messageId: string;
  createdDate: string;
  destinationId: string;
  sessionId: string;
  schemaVersion: number;
  output: string;
}

export function channelClosedPayload(content: ChannelClosed): Buffer {
  return Buffer.from(
    goMarshal({
      MessageId: content.messageId,
      CreatedDate: content.createdDate,
      DestinationId: content.destinationId,
      SessionId: content.sessionId,
      MessageType: 'channel_closed',
      SchemaVersion: content.schemaVersion,
      Output: content.output,
    }),
  );
}

/**
 * Decodes like Go's json.Unmarshal into the client's struct: a field of the wrong type fails the whole
 * decode (null is allowed), and the caller then prints the plain exit text (spec §4.6).
 */
export function parseChannelClosed(payload: Uint8Array): ChannelClosed | undefined {
  const object = parseJsonObject(payload);
  if (!isJsonObject(object)) return undefined;
  const result: ChannelClosed = {
    messageId: '',
    createdDate: '',
    destinationId: '',
    sessionId: '',
    schemaVersion: 0,
    output: '',
  };
  const strings = {
    MessageId: 'messageId',
    CreatedDate: 'createdDate',
    DestinationId: 'destinationId',
    SessionId: 'sessionId',
    Output: 'output',
  } as const;
  for (const [field, key] of Object.entries(strings)) {
    const value = goField(object, field);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return undefined;
    result[key] = value;
  }
  const messageType = goField(object, 'MessageType');
  if (messageType !== undefined && messageType !== null && typeof messageType !== 'string') return undefined;
  const schema = goField(object, 'SchemaVersion');
  if (schema !== undefined && schema !== null) {
    if (typeof schema !== 'number' || !Number.isInteger(schema)) return undefined;
    result.schemaVersion = schema;
  }
  return result;
}

/** The text the client prints when the channel closes; `sessionId` is the client's own (§4.6). */
export function channelClosedText(sessionId: string, output: string | undefined): string {
  return output
    ? `\n\nSessionId: ${sessionId} : ${output}\n\n`
    : `\n\nExiting session with sessionId: ${sessionId}.\n\n`;
}
