import { describe, expect, it } from 'vitest';
import { openPayload, sealPayload, splitDataKey } from '../protocol/codec/payload-cipher.js';
import { handshakeResponsePayload, parseHandshakeRequest } from '../protocol/handshake.js';
import { encryptionChallengePayload } from '../protocol/handshake.js';
import {
  KMS_GENERATE_DATA_KEY_ERROR_PREFIX,
  LEGACY_CLI_KMS_ERROR,
  answerEncryptionChallenge,
  answerHandshakeRequest,
  type DataKeyRequest,
} from './handshake-client.js';

const KEY = Buffer.from(
  '7775626261206c756262612064756220647562207775626261206c756262612064756220647562207775626261206c7562626120647562206475622077756262',
  'hex',
);

function request(json: unknown) {
  return parseHandshakeRequest(Buffer.from(JSON.stringify(json)));
}

describe('answerHandshakeRequest (spec §5, §11.1 TestHandshakeRequestHandler)', () => {
  it('answers KMSEncryption and SessionType in order, with the expected encryption context', async () => {
    const calls: DataKeyRequest[] = [];
    const outcome = await answerHandshakeRequest(
      request({
        AgentVersion: '10.0.0.1',
        RequestedClientActions: [
          { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'some-key-id' } },
          { ActionType: 'SessionType', ActionParameters: { SessionType: 'Standard_Stream' } },
        ],
      }),
      {
        clientVersion: '1.3.0.0',
        sessionId: 'session-id',
        targetId: 'some-instance-id',
        generateDataKey: async (r) => {
          calls.push(r);
          return { ciphertextBlob: Buffer.from('cipher-text-key'), plaintext: KEY };
        },
      },
    );
    expect(calls).toEqual([
      {
        keyId: 'some-key-id',
        encryptionContext: { 'aws:ssm:SessionId': 'session-id', 'aws:ssm:TargetId': 'some-instance-id' },
      },
    ]);
    expect(outcome.agentVersion).toBe('10.0.0.1');
    expect(outcome.sessionType).toBe('Standard_Stream');
    expect(outcome.keys?.agentToClient.equals(KEY.subarray(0, 32))).toBe(true);
    expect(handshakeResponsePayload(outcome.response).toString()).toBe(
      '{"ClientVersion":"1.3.0.0","ProcessedClientActions":[' +
        `{"ActionType":"KMSEncryption","ActionStatus":1,"ActionResult":{"KMSCipherTextKey":"${Buffer.from('cipher-text-key').toString('base64')}","KMSCipherTextHash":null},"Error":""},` +
        '{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}',
    );
  });

  it('binds the agent challenge into the context and acknowledges it (random-challenge extension)', async () => {
    let context: Record<string, string> = {};
    const outcome = await answerHandshakeRequest(
      request({
        AgentVersion: '3.3.0.0',
        RequestedClientActions: [
          { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k', Challenge: 'Y2hhbGxlbmdl' } },
        ],
      }),
      {
        clientVersion: 'v',
        sessionId: 's',
        targetId: 't',
        generateDataKey: async (r) => {
          context = r.encryptionContext;
          return { ciphertextBlob: Buffer.from('c'), plaintext: KEY };
        },
      },
    );
    expect(context['aws:ssm:RandomChallenge']).toBe('Y2hhbGxlbmdl');
    expect(outcome.response.processedClientActions[0]?.actionResult).toMatchObject({
      ChallengeAcknowledgement: true,
    });
  });

  it('maps InteractiveCommands and NonInteractiveCommands to Standard_Stream and keeps Port properties', async () => {
    for (const type of ['InteractiveCommands', 'NonInteractiveCommands']) {
      const outcome = await answerHandshakeRequest(
        request({
          AgentVersion: '3',
          RequestedClientActions: [{ ActionType: 'SessionType', ActionParameters: { SessionType: type } }],
        }),
        { clientVersion: 'v', sessionId: 's', targetId: 't', generateDataKey: undefined },
      );
      expect(outcome.sessionType).toBe('Standard_Stream');
    }
    const port = await answerHandshakeRequest(
      request({
        AgentVersion: '3.1.0.0',
        RequestedClientActions: [
          {
            ActionType: 'SessionType',
            ActionParameters: {
              SessionType: 'Port',
              Properties: { portNumber: '22', type: 'LocalPortForwarding' },
            },
          },
        ],
      }),
      { clientVersion: 'v', sessionId: 's', targetId: 't', generateDataKey: undefined },
    );
    expect(port.sessionType).toBe('Port');
    expect(port.sessionProperties).toEqual({ portNumber: '22', type: 'LocalPortForwarding' });
  });

  it('reports failures and unsupported actions the way Go does', async () => {
    const outcome = await answerHandshakeRequest(
      request({
        AgentVersion: '3',
        RequestedClientActions: [
          { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } },
          { ActionType: 'SessionType', ActionParameters: { SessionType: 'Teleport' } },
          { ActionType: 'Dance', ActionParameters: {} },
        ],
      }),
      { clientVersion: 'v', sessionId: 's', targetId: 't', generateDataKey: undefined },
    );
    expect(outcome.response.processedClientActions).toEqual([
      {
        actionType: 'KMSEncryption',
        actionStatus: 2,
        actionResult: null,
        error: `Failed to process action KMSEncryption: ${LEGACY_CLI_KMS_ERROR}`,
      },
      {
        actionType: 'SessionType',
        actionStatus: 2,
        actionResult: null,
        error: 'Failed to process action SessionType: Unknown session type Teleport',
      },
      { actionType: 'Dance', actionStatus: 0, actionResult: 3, error: 'Unsupported action Dance' },
    ]);
    expect(outcome.response.errors).toEqual([
      LEGACY_CLI_KMS_ERROR,
      'Unknown session type Teleport',
      'Unsupported action Dance',
    ]);
    expect(outcome.keys).toBeUndefined();
    expect(outcome.sessionType).toBeUndefined();
  });

  it('turns a KMS error into a failed action, and an empty request into [] with null errors', async () => {
    const failed = await answerHandshakeRequest(
      request({
        AgentVersion: '3',
        RequestedClientActions: [{ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }],
      }),
      {
        clientVersion: 'v',
        sessionId: 's',
        targetId: 't',
        generateDataKey: async () => {
          throw new Error('AccessDeniedException: nope');
        },
      },
    );
    // The Go plugin's prefix (KMSGenerateDataKey in src/encryption/kmsservice.go) in both places.
    expect(failed.response.errors).toEqual([
      'Error calling KMS GenerateDataKey API: AccessDeniedException: nope',
    ]);
    expect(failed.response.processedClientActions[0]?.error).toBe(
      'Failed to process action KMSEncryption: Error calling KMS GenerateDataKey API: AccessDeniedException: nope',
    );
    let called = false;
    const noKey = await answerHandshakeRequest(
      request({
        AgentVersion: '3',
        // A wrong-typed KMSKeyId reads as empty (Go ignores this decode's error).
        RequestedClientActions: [{ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 5 } }],
      }),
      {
        clientVersion: 'v',
        sessionId: 's',
        targetId: 't',
        generateDataKey: async () => {
          called = true;
          throw new Error('unreachable');
        },
      },
    );
    expect(called).toBe(false);
    expect(noKey.response.errors).toEqual([`${KMS_GENERATE_DATA_KEY_ERROR_PREFIX}KMSKeyId is missing`]);
    const empty = await answerHandshakeRequest(request({ AgentVersion: '3' }), {
      clientVersion: 'v',
      sessionId: 's',
      targetId: 't',
      generateDataKey: undefined,
    });
    expect(handshakeResponsePayload(empty.response).toString()).toBe(
      '{"ClientVersion":"v","ProcessedClientActions":[],"Errors":null}',
    );
  });
});

describe('answerEncryptionChallenge', () => {
  it('re-seals the agent challenge with the client→agent key', () => {
    const keys = splitDataKey(KEY);
    const challenge = Buffer.alloc(64, 9);
    const request = encryptionChallengePayload(sealPayload(keys.agentToClient, challenge));
    const answer = answerEncryptionChallenge(request, keys);
    expect(answer.length).toBe(12 + 64 + 16);
    expect(openPayload(keys.clientToAgent, answer).equals(challenge)).toBe(true);
  });
});
