import { describe, expect, it } from 'vitest';
import {
  HEADER_LENGTH,
  HeaderFlags,
  MESSAGE_SCHEMA_VERSION,
  MessageType,
  PAYLOAD_OFFSET,
  PayloadType,
  PortFlag,
  SCHEMA_VERSION,
  STREAM_DATA_PAYLOAD_SIZE,
} from './message-type.js';

// These strings and numbers are wire values: a typo here breaks interoperability silently.
describe('§2 constants', () => {
  it('§2.1 MessageType strings', () => {
    expect(MessageType).toEqual({
      InputStreamData: 'input_stream_data',
      OutputStreamData: 'output_stream_data',
      Acknowledge: 'acknowledge',
      ChannelClosed: 'channel_closed',
      StartPublication: 'start_publication',
      PausePublication: 'pause_publication',
      AgentSessionState: 'agent_session_state',
    });
    for (const type of Object.values(MessageType)) expect(Buffer.byteLength(type)).toBeLessThanOrEqual(32);
  });

  it('§2.2 PayloadType numbers', () => {
    expect(PayloadType).toEqual({
      Undefined: 0,
      Output: 1,
      Error: 2,
      Size: 3,
      Parameter: 4,
      HandshakeRequest: 5,
      HandshakeResponse: 6,
      HandshakeComplete: 7,
      EncChallengeRequest: 8,
      EncChallengeResponse: 9,
      Flag: 10,
      StdErr: 11,
      ExitCode: 12,
    });
  });

  it('§2.3 flag payload values and header Flags', () => {
    expect(PortFlag).toEqual({ DisconnectToPort: 1, TerminateSession: 2, ConnectToPortError: 3 });
    expect(HeaderFlags).toEqual({ None: 0, Syn: 1, SynFin: 3 });
  });

  it('§1/§2.4 header sizes and schema versions', () => {
    expect(HEADER_LENGTH).toBe(116);
    expect(PAYLOAD_OFFSET).toBe(120);
    expect(SCHEMA_VERSION).toBe(1);
    expect(MESSAGE_SCHEMA_VERSION).toBe('1.0');
    expect(STREAM_DATA_PAYLOAD_SIZE).toBe(1024);
  });
});
