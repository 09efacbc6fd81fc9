import { ProtocolError } from './codec/protocol-error.js';
import { goMarshal } from './go-json.js';
import type { GoJsonValue } from './go-json-parse.js';
import {
  goBytes,
  goDecode,
  goInt,
  goInt64,
  goInterface,
  goRawMessage,
  goSlice,
  goString,
  goStruct,
  goUnmarshalStrict,
} from './go-json-unmarshal.js';

/**
 * Payloads of the handshake (spec §5). Builders keep Go's field order; parsers decode as Go's
 * json.Unmarshal into the Go client's structs (src/message/handshakemessage.go), and reject a payload
 * exactly when the Go client does.
 */

export const ActionType = {
  KMSEncryption: 'KMSEncryption',
  SessionType: 'SessionType',
} as const;

export const ActionStatus = {
  /** An unsupported action leaves the status unset (0) in the Go client. */
  Unset: 0,
  Success: 1,
  Failed: 2,
  Unsupported: 3,
} as const;

export interface RequestedClientAction {
  actionType: string;
  /** A json.RawMessage: each action type decodes its own parameters (parseKmsEncryptionParameters, …). */
  actionParameters: GoJsonValue;
}

export interface HandshakeRequest {
  agentVersion: string;
  requestedClientActions: RequestedClientAction[];
}

/** What `handshakeRequestPayload` builds from: parameters as plain values (the agent's side, tests). */
export interface HandshakeRequestInput {
  agentVersion: string;
  requestedClientActions: Array<{ actionType: string; actionParameters: unknown }>;
}

export interface ProcessedClientAction {
  actionType: string;
  actionStatus: number;
  actionResult: unknown;
  error: string;
}

export interface HandshakeResponse {
  clientVersion: string;
  processedClientActions: ProcessedClientAction[];
  /** null (not []) when there were no errors, as Go marshals a nil slice. */
  errors: string[] | null;
}

export interface HandshakeComplete {
  /** A Go time.Duration: integer nanoseconds. */
  handshakeTimeToCompleteNs: number;
  customerMessage: string;
}

const HandshakeRequestType = goStruct('HandshakeRequestPayload', {
  AgentVersion: goString,
  RequestedClientActions: goSlice(
    goStruct('RequestedClientAction', { ActionType: goString, ActionParameters: goRawMessage }),
  ),
});

/** Any decode error fails the request, as handleHandshakeRequest returns on it. */
export function parseHandshakeRequest(payload: Uint8Array): HandshakeRequest {
  const request = goUnmarshalStrict(payload, HandshakeRequestType);
  return {
    agentVersion: request.AgentVersion,
    requestedClientActions: (request.RequestedClientActions ?? []).map((action) => ({
      actionType: action.ActionType,
      actionParameters: action.ActionParameters,
    })),
  };
}

export interface KmsEncryptionParameters {
  kmsKeyId: string;
  /** The agent's random challenge (§6 extension); the Go client does not read it. */
  challenge: string;
}

const KmsEncryptionRequestType = goStruct('KMSEncryptionRequest', {
  KMSKeyId: goString,
  Challenge: goString,
});

/** KMSEncryptionRequest. The Go client ignores this decode's error, so a bad field just reads as empty. */
export function parseKmsEncryptionParameters(parameters: GoJsonValue): KmsEncryptionParameters {
  const { value } = goDecode(parameters, KmsEncryptionRequestType);
  return { kmsKeyId: value.KMSKeyId, challenge: value.Challenge };
}

export interface SessionTypeParameters {
  sessionType: string;
  /** interface{}: the document's properties as plain JSON values (null for shells). */
  properties: unknown;
}

const SessionTypeRequestType = goStruct('SessionTypeRequest', {
  SessionType: goString,
  Properties: goInterface,
});

/** SessionTypeRequest; like the KMS parameters, its decode error is ignored by the Go client. */
export function parseSessionTypeParameters(parameters: GoJsonValue): SessionTypeParameters {
  const { value } = goDecode(parameters, SessionTypeRequestType);
  return { sessionType: value.SessionType, properties: value.Properties };
}

export function handshakeRequestPayload(request: HandshakeRequestInput): Buffer {
  return Buffer.from(
    goMarshal({
      AgentVersion: request.agentVersion,
      RequestedClientActions: request.requestedClientActions.map((a) => ({
        ActionType: a.actionType,
        ActionParameters: a.actionParameters,
      })),
    }),
  );
}

export function handshakeResponsePayload(response: HandshakeResponse): Buffer {
  return Buffer.from(
    goMarshal({
      ClientVersion: response.clientVersion,
      ProcessedClientActions: response.processedClientActions.map((a) => ({
        ActionType: a.actionType,
        ActionStatus: a.actionStatus,
        ActionResult: a.actionResult,
        Error: a.error,
      })),
      Errors: response.errors,
    }),
  );
}

const HandshakeResponseType = goStruct('HandshakeResponsePayload', {
  ClientVersion: goString,
  ProcessedClientActions: goSlice(
    goStruct('ProcessedClientAction', {
      ActionType: goString,
      ActionStatus: goInt,
      ActionResult: goInterface,
      Error: goString,
    }),
  ),
  Errors: goSlice(goString),
});

/** The agent's reading of our response (handleHandshakeResponse rejects it on any decode error). */
export function parseHandshakeResponse(payload: Uint8Array): HandshakeResponse {
  const response = goUnmarshalStrict(payload, HandshakeResponseType);
  return {
    clientVersion: response.ClientVersion,
    processedClientActions: (response.ProcessedClientActions ?? []).map((action) => ({
      actionType: action.ActionType,
      actionStatus: action.ActionStatus,
      actionResult: action.ActionResult,
      error: action.Error,
    })),
    errors: response.Errors,
  };
}

const HandshakeCompleteType = goStruct('HandshakeCompletePayload', {
  HandshakeTimeToComplete: goInt64,
  CustomerMessage: goString,
});

/** A decode error fails it, as handleHandshakeComplete returns on it (the stream then stalls in Go). */
export function parseHandshakeComplete(payload: Uint8Array): HandshakeComplete {
  const complete = goUnmarshalStrict(payload, HandshakeCompleteType);
  return {
    handshakeTimeToCompleteNs: complete.HandshakeTimeToComplete,
    customerMessage: complete.CustomerMessage,
  };
}

export function handshakeCompletePayload(complete: HandshakeComplete): Buffer {
  return Buffer.from(
    goMarshal({
      HandshakeTimeToComplete: Math.trunc(complete.handshakeTimeToCompleteNs),
      CustomerMessage: complete.customerMessage,
    }),
  );
}

const EncryptionChallengeType = goStruct('EncryptionChallengeRequest', { Challenge: goBytes });

/**
 * EncChallengeRequest (8) and EncChallengeResponse (9) share one shape: {"Challenge":"<base64>"}.
 * Decoded as Go decodes a []byte. A missing or null Challenge is rejected here; Go would go on to
 * slice the empty ciphertext and panic.
 */
export function parseEncryptionChallenge(payload: Uint8Array): Buffer {
  const { Challenge } = goUnmarshalStrict(payload, EncryptionChallengeType);
  if (!Challenge) throw new ProtocolError('invalid-payload', 'EncryptionChallenge has no Challenge');
  return Challenge;
}

export function encryptionChallengePayload(challenge: Uint8Array): Buffer {
  return Buffer.from(goMarshal({ Challenge: Buffer.from(challenge).toString('base64') }));
}
