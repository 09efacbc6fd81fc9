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

/** Lenient on purpose: a body that fails to parse still ends the session with the plain exit text. */
export function parseChannelClosed(payload: Uint8Array): ChannelClosed | undefined {
  const object = parseJsonObject(payload);
  if (!isJsonObject(object)) return undefined;
  const text = (name: string): string => {
    const value = goField(object, name);
    return typeof value === 'string' ? value : '';
  };
  const schema = goField(object, 'SchemaVersion');
  return {
    messageId: text('MessageId'),
    createdDate: text('CreatedDate'),
    destinationId: text('DestinationId'),
    sessionId: text('SessionId'),
    schemaVersion: typeof schema === 'number' ? schema : 0,
    output: text('Output'),
  };
}

/** The text the client prints when the channel closes; `sessionId` is the client's own (§4.6). */
export function channelClosedText(sessionId: string, output: string | undefined): string {
  return output ? `\n\nSessionId: ${sessionId} : ${output}\n\n` : `\n\nExiting session with sessionId: ${sessionId}.\n\n`;
}
