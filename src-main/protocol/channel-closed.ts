import { goMarshal } from './go-json.js';
import { goInt, goString, goStruct, goUnmarshal } from './go-json-unmarshal.js';

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

const ChannelClosedType = goStruct('ChannelClosed', {
  MessageId: goString,
  CreatedDate: goString,
  DestinationId: goString,
  SessionId: goString,
  MessageType: goString,
  SchemaVersion: goInt,
  Output: goString,
});

/**
 * Decodes like Go's json.Unmarshal into the client's struct, and uses the result whatever the error,
 * as HandleChannelClosedMessage does: a field of the wrong type (a bad SchemaVersion) is skipped and
 * the Output is still shown; a body that is not JSON at all leaves every field empty, so the plain
 * exit text is printed (spec §4.6).
 */
export function parseChannelClosed(payload: Uint8Array): ChannelClosed {
  const { value } = goUnmarshal(payload, ChannelClosedType);
  return {
    messageId: value.MessageId,
    createdDate: value.CreatedDate,
    destinationId: value.DestinationId,
    sessionId: value.SessionId,
    schemaVersion: value.SchemaVersion,
    output: value.Output,
  };
}

/** The text the client prints when the channel closes; `sessionId` is the client's own (§4.6). */
export function channelClosedText(sessionId: string, output: string | undefined): string {
  return output
    ? `\n\nSessionId: ${sessionId} : ${output}\n\n`
    : `\n\nExiting session with sessionId: ${sessionId}.\n\n`;
}
