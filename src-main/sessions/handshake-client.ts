import {
  openPayload,
  sealPayload,
  splitDataKey,
  type DirectionalKeys,
} from '../protocol/codec/payload-cipher.js';
import {
  ActionStatus,
  ActionType,
  parseEncryptionChallenge,
  parseKmsEncryptionParameters,
  parseSessionTypeParameters,
  type HandshakeRequest,
  type HandshakeResponse,
  type ProcessedClientAction,
} from '../protocol/handshake.js';

/** The client's half of the handshake (spec §5, §6): answers the agent's requested actions. */

export interface DataKeyRequest {
  keyId: string;
  encryptionContext: Record<string, string>;
}

export interface DataKey {
  ciphertextBlob: Uint8Array;
  plaintext: Uint8Array;
}

/** KMS GenerateDataKey with NumberOfBytes 64 (spec §6); supplied by the face (AWS SDK, or a test). */
export type GenerateDataKey = (request: DataKeyRequest) => Promise<DataKey>;

export interface HandshakeClientContext {
  clientVersion: string;
  sessionId: string;
  /** The CLI's Target: the agent decrypts with its instance id, so these must match (spec §6). */
  targetId: string;
  /** Undefined when encryption cannot be supported, e.g. the AWS CLI's legacy 4-argument form (§9). */
  generateDataKey: GenerateDataKey | undefined;
}

export interface HandshakeOutcome {
  response: HandshakeResponse;
  agentVersion: string;
  /** Standard_Stream (also for InteractiveCommands / NonInteractiveCommands) or Port; undefined if none. */
  sessionType: string | undefined;
  sessionProperties: unknown;
  keys: DirectionalKeys | undefined;
}

/**
 * What the Go plugin puts in front of a failed GenerateDataKey call (KMSGenerateDataKey in
 * src/encryption/kmsservice.go): the agent logs the Error text, so support can recognise it.
 */
export const KMS_GENERATE_DATA_KEY_ERROR_PREFIX = 'Error calling KMS GenerateDataKey API: ';

export const LEGACY_CLI_KMS_ERROR =
  'Installed version of CLI does not support Session Manager encryption feature. Please upgrade to the latest version of your CLI (e.g., AWS CLI).';

const STANDARD_STREAM_TYPES = new Set(['Standard_Stream', 'InteractiveCommands', 'NonInteractiveCommands']);

export async function answerHandshakeRequest(
  request: HandshakeRequest,
  context: HandshakeClientContext,
): Promise<HandshakeOutcome> {
  const outcome: HandshakeOutcome = {
    response: { clientVersion: context.clientVersion, processedClientActions: [], errors: null },
    agentVersion: request.agentVersion,
    sessionType: undefined,
    sessionProperties: undefined,
    keys: undefined,
  };
  const errors: string[] = [];
  const fail = (actionType: string, error: string): ProcessedClientAction => {
    errors.push(error);
    return {
      actionType,
      actionStatus: ActionStatus.Failed,
      actionResult: null,
      error: `Failed to process action ${actionType}: ${error}`,
    };
  };

  for (const action of request.requestedClientActions) {
    switch (action.actionType) {
      case ActionType.KMSEncryption: {
        if (!context.generateDataKey) {
          outcome.response.processedClientActions.push(fail(action.actionType, LEGACY_CLI_KMS_ERROR));
          break;
        }
        const { kmsKeyId: keyId, challenge } = parseKmsEncryptionParameters(action.actionParameters);
        // Go would call KMS with an empty key id and report KMS's refusal; we refuse before calling.
        if (keyId === '') {
          outcome.response.processedClientActions.push(
            fail(action.actionType, `${KMS_GENERATE_DATA_KEY_ERROR_PREFIX}KMSKeyId is missing`),
          );
          break;
        }
        const encryptionContext: Record<string, string> = {
          'aws:ssm:SessionId': context.sessionId,
          'aws:ssm:TargetId': context.targetId,
        };
        // The random-challenge extension (§6): binding the agent's challenge into the encryption
        // context proves this data key was made for this handshake. The Go client does not do this.
        const useChallenge = challenge !== '';
        if (useChallenge) encryptionContext['aws:ssm:RandomChallenge'] = challenge;
        try {
          const dataKey = await context.generateDataKey({ keyId, encryptionContext });
          outcome.keys = splitDataKey(dataKey.plaintext);
          const actionResult: Record<string, unknown> = {
            KMSCipherTextKey: Buffer.from(dataKey.ciphertextBlob).toString('base64'),
            KMSCipherTextHash: null,
          };
          if (useChallenge) actionResult.ChallengeAcknowledgement = true;
          outcome.response.processedClientActions.push({
            actionType: action.actionType,
            actionStatus: ActionStatus.Success,
            actionResult,
            error: '',
          });
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          outcome.response.processedClientActions.push(
            fail(action.actionType, `${KMS_GENERATE_DATA_KEY_ERROR_PREFIX}${text}`),
          );
        }
        break;
      }
      case ActionType.SessionType: {
        const { sessionType: name, properties } = parseSessionTypeParameters(action.actionParameters);
        if (STANDARD_STREAM_TYPES.has(name) || name === 'Port') {
          outcome.sessionType = name === 'Port' ? 'Port' : 'Standard_Stream';
          outcome.sessionProperties = properties;
          outcome.response.processedClientActions.push({
            actionType: action.actionType,
            actionStatus: ActionStatus.Success,
            actionResult: null,
            error: '',
          });
        } else {
          outcome.response.processedClientActions.push(
            fail(action.actionType, `Unknown session type ${name}`),
          );
        }
        break;
      }
      default: {
        // Go leaves the status unset and puts the "Unsupported" enum value in the result field.
        const error = `Unsupported action ${action.actionType}`;
        errors.push(error);
        outcome.response.processedClientActions.push({
          actionType: action.actionType,
          actionStatus: ActionStatus.Unset,
          actionResult: ActionStatus.Unsupported,
          error,
        });
      }
    }
  }
  outcome.response.errors = errors.length > 0 ? errors : null;
  return outcome;
}

/**
 * EncChallengeRequest: open the agent's challenge with the agent→client key and seal the same bytes
 * with our client→agent key and a fresh nonce (spec §5).
 */
export function answerEncryptionChallenge(payload: Uint8Array, keys: DirectionalKeys): Buffer {
  const plaintext = openPayload(keys.agentToClient, parseEncryptionChallenge(payload));
  return sealPayload(keys.clientToAgent, plaintext);
}
