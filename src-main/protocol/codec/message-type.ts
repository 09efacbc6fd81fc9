/** MessageType strings carried in the 32-byte header field (spec §2.1). */
export const MessageType = {
  InputStreamData: 'input_stream_data',
  OutputStreamData: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
  AgentSessionState: 'agent_session_state',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** PayloadType values (spec §2.2). */
export const PayloadType = {
  /** Never set by a builder; acks and other non-stream messages carry 0. */
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
} as const;
export type PayloadType = (typeof PayloadType)[keyof typeof PayloadType];

/** Values of a Flag payload, a 4-byte big-endian uint32 (spec §2.3). */
export const PortFlag = {
  DisconnectToPort: 1,
  TerminateSession: 2,
  ConnectToPortError: 3,
} as const;
export type PortFlag = (typeof PortFlag)[keyof typeof PortFlag];

/** Header Flags values that the real implementations send (spec §2.3). Nobody inspects them on receipt. */
export const HeaderFlags = {
  None: 0,
  Syn: 1,
  /** Acks and agent_session_state carry SYN|FIN. */
  SynFin: 3,
} as const;

/** The serializer always writes 116: the offset of PayloadLength, i.e. the header without that field. */
export const HEADER_LENGTH = 116;
/** Total bytes before the payload: header + the 4-byte PayloadLength field. */
export const PAYLOAD_OFFSET = 120;
export const SCHEMA_VERSION = 1;
/** MessageSchemaVersion of the OpenDataChannel text frame (spec §2.4). */
export const MESSAGE_SCHEMA_VERSION = '1.0';
/** The agent reads at most this many bytes per stream payload, and the service expects no more (§10). */
export const STREAM_DATA_PAYLOAD_SIZE = 1024;
