import { MESSAGE_SCHEMA_VERSION } from '../protocol/codec/message-type.js';
import { goMarshal } from '../protocol/go-json.js';

/** The first frame on every data-channel connection, the only text frame (spec §3). */
export interface OpenDataChannelInput {
  requestId: string;
  tokenValue: string;
  clientId: string;
  clientVersion: string;
}

/** Fields in the order Go marshals them. */
export function openDataChannelFrame(input: OpenDataChannelInput): string {
  return goMarshal({
    MessageSchemaVersion: MESSAGE_SCHEMA_VERSION,
    RequestId: input.requestId,
    TokenValue: input.tokenValue,
    ClientId: input.clientId,
    ClientVersion: input.clientVersion,
  });
}
