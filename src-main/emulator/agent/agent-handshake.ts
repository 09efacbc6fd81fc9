import { randomBytes } from 'node:crypto';
import {
  openPayload,
  sealPayload,
  splitDataKey,
  type DirectionalKeys,
} from '../../protocol/codec/payload-cipher.js';
import type { KmsBackend } from '../model.js';
import type { NonceCounter } from './nonce-counter.js';

export const HANDSHAKE_TIMEOUT_TEXT =
  'Handshake timed out. Please ensure that you have the latest version of the session manager plugin.';
export const CHALLENGE_TIMEOUT_TEXT = 'Timed out waiting for encryption challenge.';
const UPDATE_NOTICE =
  'Please update session manager plugin version (minimum required version 1.2.312.0) for fully support of separate StdOut/StdErr output.\r\n';
const ENCRYPTED_NOTICE = 'This session is encrypted using AWS KMS.';

export interface HandshakeRequestOptions {
  agentVersion: string;
  sessionType: string;
  /** Port: the document properties; the other types: null. */
  properties: unknown;
  kmsKeyId: string | undefined;
}

/** What the agent asked for, kept to check the answer (the challenge goes into the KMS context). */
export interface PendingHandshake {
  payload: Buffer;
  kmsChallenge: string | undefined;
}

export function buildHandshakeRequest(options: HandshakeRequestOptions): PendingHandshake {
  const actions: unknown[] = [
    {
      ActionType: 'SessionType',
      ActionParameters: { SessionType: options.sessionType, Properties: options.properties },
    },
  ];
  let kmsChallenge: string | undefined;
  if (options.kmsKeyId) {
    kmsChallenge = randomBytes(16).toString('base64');
    actions.push({
      ActionType: 'KMSEncryption',
      ActionParameters: { KMSKeyId: options.kmsKeyId, Challenge: kmsChallenge },
    });
  }
  const payload = Buffer.from(
    JSON.stringify({ AgentVersion: options.agentVersion, RequestedClientActions: actions }),
  );
  return { payload, kmsChallenge };
}

export interface HandshakeOutcome {
  clientVersion: string;
  /** Set when KMS encryption was negotiated. */
  keys: DirectionalKeys | undefined;
}

/**
 * The agent's handleHandshakeResponse + finalizeKMSEncryption (spec §5, §6). Throws an Error whose
 * message is the agent's text when the client failed an action or the KMS key does not open.
 */
export function processHandshakeResponse(
  payload: Buffer,
  pending: PendingHandshake,
  context: { sessionId: string; instanceId: string; kms: KmsBackend; requireChallengeResponse: boolean },
): HandshakeOutcome {
  const response = parseObject(payload, 'HandshakeResponse');
  const clientVersion = typeof response.ClientVersion === 'string' ? response.ClientVersion : '';
  const processed = Array.isArray(response.ProcessedClientActions) ? response.ProcessedClientActions : [];
  let keys: DirectionalKeys | undefined;
  for (const entry of processed) {
    if (typeof entry !== 'object' || entry === null)
      throw new Error('HandshakeResponse has an invalid action');
    const action = entry as Record<string, unknown>;
    const type = String(action.ActionType);
    if (action.ActionStatus !== 1) {
      throw new Error(
        `${type} failed on client with status ${String(action.ActionStatus)} error: ${String(action.Error ?? '')}`,
      );
    }
    if (type === 'KMSEncryption') keys = finalizeKms(action.ActionResult, pending, context);
  }
  if (pending.kmsChallenge !== undefined && !keys) {
    throw new Error('KMSEncryption failed on client: no KMSEncryption action in the response');
  }
  return { clientVersion, keys };
}

function finalizeKms(
  result: unknown,
  pending: PendingHandshake,
  context: { sessionId: string; instanceId: string; kms: KmsBackend; requireChallengeResponse: boolean },
): DirectionalKeys {
  const value = typeof result === 'string' ? (JSON.parse(result) as unknown) : result;
  if (typeof value !== 'object' || value === null) throw new Error('KMSEncryption result is missing');
  const { KMSCipherTextKey, ChallengeAcknowledgement } = value as Record<string, unknown>;
  if (typeof KMSCipherTextKey !== 'string') throw new Error('KMSCipherTextKey is missing');
  const acknowledged = ChallengeAcknowledgement === true;
  if (context.requireChallengeResponse && !acknowledged) {
    throw new Error('client does not support required encryption context random challenge');
  }
  const encryptionContext: Record<string, string> = {
    'aws:ssm:SessionId': context.sessionId,
    'aws:ssm:TargetId': context.instanceId,
  };
  if (acknowledged && pending.kmsChallenge !== undefined) {
    encryptionContext['aws:ssm:RandomChallenge'] = pending.kmsChallenge;
  }
  const { plaintext } = context.kms.decrypt({
    ciphertextBlob: Buffer.from(KMSCipherTextKey, 'base64'),
    encryptionContext,
  });
  return splitDataKey(plaintext);
}

/** The encryption challenge (spec §5): 64 random bytes sealed with the agent→client key. */
export class EncryptionChallenge {
  private readonly secret = randomBytes(64);

  constructor(
    private readonly keys: DirectionalKeys,
    private readonly nonces: NonceCounter,
  ) {}

  requestPayload(): Buffer {
    const sealed = sealPayload(this.keys.agentToClient, this.secret, this.nonces.next());
    return Buffer.from(JSON.stringify({ Challenge: sealed.toString('base64') }));
  }

  verify(payload: Buffer): void {
    const response = parseObject(payload, 'EncChallengeResponse');
    if (typeof response.Challenge !== 'string') throw new Error('Encryption challenge does not match!');
    let opened: Buffer;
    try {
      opened = openPayload(this.keys.clientToAgent, Buffer.from(response.Challenge, 'base64'));
    } catch {
      throw new Error('Encryption challenge does not match!');
    }
    if (!opened.equals(this.secret)) throw new Error('Encryption challenge does not match!');
  }
}

export function buildHandshakeComplete(options: {
  startedAt: bigint;
  encrypted: boolean;
  separateOutputNoticeNeeded: boolean;
}): Buffer {
  let customerMessage = '';
  if (options.separateOutputNoticeNeeded) customerMessage += UPDATE_NOTICE;
  if (options.encrypted) customerMessage += ENCRYPTED_NOTICE;
  const elapsedNs = process.hrtime.bigint() - options.startedAt;
  // A Go time.Duration: an integer count of nanoseconds (spec §5).
  return Buffer.from(
    `{"HandshakeTimeToComplete":${elapsedNs.toString()},"CustomerMessage":${JSON.stringify(customerMessage)}}`,
  );
}

function parseObject(payload: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} is not an object`);
  return value as Record<string, unknown>;
}
