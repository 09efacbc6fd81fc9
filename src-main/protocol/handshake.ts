import { ProtocolError } from './codec/protocol-error.js';
import { goField, goMarshal, isJsonObject, parseJsonObject, type JsonObject } from './go-json.js';

/** Payloads of the handshake (spec §5). Builders keep Go's field order; parsers match keys like Go. */

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
  /** Kept as parsed JSON: each action type reads its own parameters. */
  actionParameters: unknown;
}

export interface HandshakeRequest {
  agentVersion: string;
  requestedClientActions: RequestedClientAction[];
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

function requireObject(payload: Uint8Array, what: string): JsonObject {
  const object = parseJsonObject(payload);
  if (!object) throw new ProtocolError('invalid-payload', `${what} payload is not a JSON object`);
  return object;
}

export function parseHandshakeRequest(payload: Uint8Array): HandshakeRequest {
  const object = requireObject(payload, 'HandshakeRequest');
  const agentVersion = goField(object, 'AgentVersion');
  const actions = goField(object, 'RequestedClientActions');
  if (agentVersion !== undefined && agentVersion !== null && typeof agentVersion !== 'string') {
    throw new ProtocolError('invalid-payload', 'HandshakeRequest AgentVersion is not a string');
  }
  if (actions !== undefined && actions !== null && !Array.isArray(actions)) {
    throw new ProtocolError('invalid-payload', 'HandshakeRequest RequestedClientActions is not an array');
  }
  const requestedClientActions = ((actions as unknown[] | null | undefined) ?? []).map((entry) => {
    if (!isJsonObject(entry))
      throw new ProtocolError('invalid-payload', 'HandshakeRequest action is not an object');
    const actionType = goField(entry, 'ActionType');
    return {
      actionType: typeof actionType === 'string' ? actionType : '',
      actionParameters: goField(entry, 'ActionParameters') ?? null,
    };
  });
  return { agentVersion: agentVersion ?? '', requestedClientActions };
}

export function handshakeRequestPayload(request: HandshakeRequest): Buffer {
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

export function parseHandshakeResponse(payload: Uint8Array): HandshakeResponse {
  const object = requireObject(payload, 'HandshakeResponse');
  const clientVersion = goField(object, 'ClientVersion');
  const actions = goField(object, 'ProcessedClientActions');
  const errors = goField(object, 'Errors');
  return {
    clientVersion: typeof clientVersion === 'string' ? clientVersion : '',
    processedClientActions: (Array.isArray(actions) ? actions : []).filter(isJsonObject).map((a) => {
      const status = goField(a, 'ActionStatus');
      const type = goField(a, 'ActionType');
      const error = goField(a, 'Error');
      return {
        actionType: typeof type === 'string' ? type : '',
        actionStatus: typeof status === 'number' ? status : 0,
        actionResult: goField(a, 'ActionResult') ?? null,
        error: typeof error === 'string' ? error : '',
      };
    }),
    errors: Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string') : null,
  };
}

export function parseHandshakeComplete(payload: Uint8Array): HandshakeComplete {
  const object = requireObject(payload, 'HandshakeComplete');
  const duration = goField(object, 'HandshakeTimeToComplete');
  const message = goField(object, 'CustomerMessage');
  return {
    handshakeTimeToCompleteNs: typeof duration === 'number' ? duration : 0,
    customerMessage: typeof message === 'string' ? message : '',
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

/** EncChallengeRequest (8) and EncChallengeResponse (9) share one shape: {"Challenge":"<base64>"}. */
export function parseEncryptionChallenge(payload: Uint8Array): Buffer {
  const object = requireObject(payload, 'EncryptionChallenge');
  const challenge = goField(object, 'Challenge');
  if (typeof challenge !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(challenge)) {
    throw new ProtocolError('invalid-payload', 'EncryptionChallenge has no base64 Challenge');
  }
  return Buffer.from(challenge, 'base64');
}

export function encryptionChallengePayload(challenge: Uint8Array): Buffer {
  return Buffer.from(goMarshal({ Challenge: Buffer.from(challenge).toString('base64') }));
}
