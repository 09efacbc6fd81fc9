import { describe, expect, it } from 'vitest';
import { ProtocolError, type ProtocolErrorCode } from './codec/protocol-error.js';
import {
  ActionStatus,
  ActionType,
  encryptionChallengePayload,
  handshakeCompletePayload,
  handshakeRequestPayload,
  handshakeResponsePayload,
  parseEncryptionChallenge,
  parseHandshakeComplete,
  parseHandshakeRequest,
  parseHandshakeResponse,
  parseKmsEncryptionParameters,
  parseSessionTypeParameters,
} from './handshake.js';
import { goDecode, goInterface } from './go-json-unmarshal.js';
import { parseGoJson, type GoJsonValue } from './go-json-parse.js';

const bytes = (text: string): Buffer => Buffer.from(text);
/** A json.RawMessage as plain values, to compare with what the agent sent. */
const plain = (raw: GoJsonValue | undefined): unknown => raw && goDecode(raw, goInterface).value;
/** The request's actions with their raw parameters as plain values. */
function plainActions(payload: string): Array<{ actionType: string; actionParameters: unknown }> {
  return parseHandshakeRequest(bytes(payload)).requestedClientActions.map((a) => ({
    actionType: a.actionType,
    actionParameters: plain(a.actionParameters),
  }));
}

function protocolErrorCode(action: () => unknown): ProtocolErrorCode {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError, nothing was thrown');
}

describe('§5 HandshakeRequest', () => {
  it('TestClientMessage_DeserializeHandshakeRequest: parameters are kept as raw JSON', () => {
    const text =
      '{"AgentVersion":"3.0","RequestedClientActions":[{"ActionType":"start","ActionParameters":{"name": "richard"}}]}';
    expect(parseHandshakeRequest(bytes(text)).agentVersion).toBe('3.0');
    expect(plainActions(text)).toEqual([{ actionType: 'start', actionParameters: { name: 'richard' } }]);
  });

  it('TestHandshakeRequestHandler request: KMSEncryption then SessionType, in order', () => {
    const request = parseHandshakeRequest(
      bytes(
        '{"AgentVersion":"10.0.0.1","RequestedClientActions":[{"ActionType":"KMSEncryption","ActionParameters":{"KMSKeyId":"some-key-id"}},{"ActionType":"SessionType","ActionParameters":{"SessionType":"Standard_Stream"}}]}',
      ),
    );
    expect(request.agentVersion).toBe('10.0.0.1');
    expect(request.requestedClientActions.map((a) => a.actionType)).toEqual([
      ActionType.KMSEncryption,
      ActionType.SessionType,
    ]);
    const [kms, type] = request.requestedClientActions;
    expect(kms && parseKmsEncryptionParameters(kms.actionParameters)).toEqual({
      kmsKeyId: 'some-key-id',
      challenge: '',
    });
    expect(type && parseSessionTypeParameters(type.actionParameters)).toEqual({
      sessionType: 'Standard_Stream',
      properties: null,
    });
  });

  it('matches keys case-insensitively, as Go does', () => {
    const text =
      '{"agentversion":"3.3.0.0","REQUESTEDCLIENTACTIONS":[{"actiontype":"SessionType","actionParameters":{"sessiontype":"Port","PROPERTIES":{"PortNumber":"22"}}}]}';
    expect(parseHandshakeRequest(bytes(text)).agentVersion).toBe('3.3.0.0');
    const [action] = parseHandshakeRequest(bytes(text)).requestedClientActions;
    expect(action?.actionType).toBe('SessionType');
    expect(action && parseSessionTypeParameters(action.actionParameters)).toEqual({
      sessionType: 'Port',
      properties: { PortNumber: '22' },
    });
  });

  it('missing or null fields read as empty; a null action is a zero action (as Go decodes it)', () => {
    expect(parseHandshakeRequest(bytes('{}'))).toEqual({ agentVersion: '', requestedClientActions: [] });
    expect(parseHandshakeRequest(bytes('null'))).toEqual({ agentVersion: '', requestedClientActions: [] });
    expect(parseHandshakeRequest(bytes('{"AgentVersion":null,"RequestedClientActions":null}'))).toEqual({
      agentVersion: '',
      requestedClientActions: [],
    });
    expect(plainActions('{"RequestedClientActions":[null,{}]}')).toEqual([
      { actionType: '', actionParameters: null },
      { actionType: '', actionParameters: null },
    ]);
  });

  it('rejects what json.Unmarshal rejects (handleHandshakeRequest returns on it)', () => {
    for (const bad of [
      '',
      'not json',
      '[]',
      '{"AgentVersion":3}',
      '{"RequestedClientActions":{}}',
      '{"RequestedClientActions":"x"}',
      '{"RequestedClientActions":[1]}',
      '{"RequestedClientActions":[{"ActionType":7}]}',
    ]) {
      expect(
        protocolErrorCode(() => parseHandshakeRequest(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
  });

  it('action parameters decode leniently: the Go client ignores their decode errors', () => {
    const raw = (text: string): GoJsonValue => parseGoJson(text);
    expect(parseKmsEncryptionParameters(raw('{"KMSKeyId":5,"Challenge":"c"}'))).toEqual({
      kmsKeyId: '',
      challenge: 'c',
    });
    expect(parseKmsEncryptionParameters(raw('"not an object"'))).toEqual({ kmsKeyId: '', challenge: '' });
    expect(parseKmsEncryptionParameters(raw('null'))).toEqual({ kmsKeyId: '', challenge: '' });
    expect(
      parseSessionTypeParameters(raw('{"SessionType":["Port"],"Properties":{"portNumber":"22"}}')),
    ).toEqual({
      sessionType: '',
      properties: { portNumber: '22' },
    });
  });

  it("builds the agent's payload shape (SessionType first, Properties null for shell)", () => {
    const payload = handshakeRequestPayload({
      agentVersion: '3.3.0.0',
      requestedClientActions: [
        { actionType: 'SessionType', actionParameters: { SessionType: 'Standard_Stream', Properties: null } },
        { actionType: 'KMSEncryption', actionParameters: { KMSKeyId: 'arn:key', Challenge: 'AAAA' } },
      ],
    });
    expect(payload.toString()).toBe(
      '{"AgentVersion":"3.3.0.0","RequestedClientActions":[{"ActionType":"SessionType","ActionParameters":{"SessionType":"Standard_Stream","Properties":null}},{"ActionType":"KMSEncryption","ActionParameters":{"KMSKeyId":"arn:key","Challenge":"AAAA"}}]}',
    );
    expect(plainActions(payload.toString())).toEqual([
      { actionType: 'SessionType', actionParameters: { SessionType: 'Standard_Stream', Properties: null } },
      { actionType: 'KMSEncryption', actionParameters: { KMSKeyId: 'arn:key', Challenge: 'AAAA' } },
    ]);
  });
});

describe('§5 HandshakeResponse', () => {
  it('TestHandshakeRequestHandler response: exact Go bytes, Errors null, KMSCipherTextKey base64', () => {
    const payload = handshakeResponsePayload({
      clientVersion: '1.2.0.0',
      processedClientActions: [
        {
          actionType: ActionType.KMSEncryption,
          actionStatus: ActionStatus.Success,
          actionResult: {
            KMSCipherTextKey: Buffer.from('cipher-text-key').toString('base64'),
            KMSCipherTextHash: null,
          },
          error: '',
        },
        {
          actionType: ActionType.SessionType,
          actionStatus: ActionStatus.Success,
          actionResult: null,
          error: '',
        },
      ],
      errors: null,
    });
    expect(payload.toString()).toBe(
      '{"ClientVersion":"1.2.0.0","ProcessedClientActions":[{"ActionType":"KMSEncryption","ActionStatus":1,"ActionResult":{"KMSCipherTextKey":"Y2lwaGVyLXRleHQta2V5","KMSCipherTextHash":null},"Error":""},{"ActionType":"SessionType","ActionStatus":1,"ActionResult":null,"Error":""}],"Errors":null}',
    );
  });

  it('no actions → "ProcessedClientActions":[] (never null)', () => {
    expect(
      handshakeResponsePayload({
        clientVersion: '1.2.0.0',
        processedClientActions: [],
        errors: null,
      }).toString(),
    ).toBe('{"ClientVersion":"1.2.0.0","ProcessedClientActions":[],"Errors":null}');
  });

  it('unsupported action: status 0, result 3, errors carry the raw text, HTML-escaped like Go', () => {
    const payload = handshakeResponsePayload({
      clientVersion: '1.2.0.0',
      processedClientActions: [
        {
          actionType: 'Fancy<x>',
          actionStatus: ActionStatus.Unset,
          actionResult: ActionStatus.Unsupported,
          error: 'Unsupported action Fancy<x>',
        },
      ],
      errors: ['Unsupported action Fancy<x>'],
    });
    expect(payload.toString()).toBe(
      '{"ClientVersion":"1.2.0.0","ProcessedClientActions":[{"ActionType":"Fancy\\u003cx\\u003e","ActionStatus":0,"ActionResult":3,"Error":"Unsupported action Fancy\\u003cx\\u003e"}],"Errors":["Unsupported action Fancy\\u003cx\\u003e"]}',
    );
    expect(parseHandshakeResponse(payload)).toEqual({
      clientVersion: '1.2.0.0',
      processedClientActions: [
        { actionType: 'Fancy<x>', actionStatus: 0, actionResult: 3, error: 'Unsupported action Fancy<x>' },
      ],
      errors: ['Unsupported action Fancy<x>'],
    });
  });

  it('ActionStatus values 1 Success, 2 Failed, 3 Unsupported', () => {
    expect(ActionStatus).toEqual({ Unset: 0, Success: 1, Failed: 2, Unsupported: 3 });
  });

  it("parses case-insensitively, and rejects what the agent's json.Unmarshal rejects", () => {
    expect(
      parseHandshakeResponse(
        bytes(
          '{"clientversion":"1.2.650.0","processedclientactions":[{"actiontype":"SessionType","actionstatus":1}],"errors":["a"]}',
        ),
      ),
    ).toEqual({
      clientVersion: '1.2.650.0',
      processedClientActions: [{ actionType: 'SessionType', actionStatus: 1, actionResult: null, error: '' }],
      errors: ['a'],
    });
    expect(parseHandshakeResponse(bytes('{"ProcessedClientActions":null}'))).toEqual({
      clientVersion: '',
      processedClientActions: [],
      errors: null,
    });
    expect(
      parseHandshakeResponse(bytes('{"ProcessedClientActions":[{"ActionResult":{"k":1}}]}'))
        .processedClientActions,
    ).toEqual([{ actionType: '', actionStatus: 0, actionResult: { k: 1 }, error: '' }]);
    for (const bad of [
      'nope',
      '{"ProcessedClientActions":"x"}',
      '{"ClientVersion":1}',
      '{"ProcessedClientActions":[{"ActionStatus":"1"}]}',
      '{"Errors":["a",7]}',
    ]) {
      expect(
        protocolErrorCode(() => parseHandshakeResponse(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
  });
});

describe('§5 HandshakeComplete', () => {
  it('TestClientMessage_DeserializeHandshakeComplete: 1000000 ns = 1 ms', () => {
    const complete = parseHandshakeComplete(
      bytes('{"HandshakeTimeToComplete":1000000,"CustomerMessage":"Handshake Complete"}'),
    );
    expect(complete).toEqual({ handshakeTimeToCompleteNs: 1_000_000, customerMessage: 'Handshake Complete' });
    expect(complete.handshakeTimeToCompleteNs / 1e6).toBe(1);
  });

  it('matches keys case-insensitively and defaults missing fields', () => {
    expect(parseHandshakeComplete(bytes('{"handshaketimetocomplete":5,"customermessage":"m"}'))).toEqual({
      handshakeTimeToCompleteNs: 5,
      customerMessage: 'm',
    });
    expect(parseHandshakeComplete(bytes('{}'))).toEqual({
      handshakeTimeToCompleteNs: 0,
      customerMessage: '',
    });
    // A wrong type fails it, as handleHandshakeComplete returns on the decode error.
    for (const bad of [
      '[]',
      '{"HandshakeTimeToComplete":"5"}',
      '{"HandshakeTimeToComplete":1.5}',
      '{"CustomerMessage":1}',
    ]) {
      expect(
        protocolErrorCode(() => parseHandshakeComplete(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
  });

  it('builds an integer nanosecond count, as Go marshals a time.Duration', () => {
    expect(
      handshakeCompletePayload({
        handshakeTimeToCompleteNs: 1234567.9,
        customerMessage: 'This session is encrypted using AWS KMS.',
      }).toString(),
    ).toBe(
      '{"HandshakeTimeToComplete":1234567,"CustomerMessage":"This session is encrypted using AWS KMS."}',
    );
  });
});

describe('§5 EncChallengeRequest / EncChallengeResponse', () => {
  it('round-trips a 92-byte envelope as 124 base64 characters', () => {
    const envelope = Buffer.alloc(92);
    for (let i = 0; i < envelope.length; i++) envelope[i] = (i * 37) & 0xff;
    const payload = encryptionChallengePayload(envelope);
    const text = payload.toString();
    expect(text).toMatch(/^\{"Challenge":"[A-Za-z0-9+/]{123}="\}$/);
    expect(parseEncryptionChallenge(payload)).toEqual(envelope);
    expect(parseEncryptionChallenge(bytes(`{"challenge":"${envelope.toString('base64')}"}`))).toEqual(
      envelope,
    );
  });

  it('keeps base64 padding', () => {
    expect(encryptionChallengePayload(Buffer.from('a')).toString()).toBe('{"Challenge":"YQ=="}');
    expect(parseEncryptionChallenge(bytes('{"Challenge":"YQ=="}')).toString()).toBe('a');
  });

  it('rejects a missing, non-string or non-base64 Challenge', () => {
    for (const bad of [
      '{}',
      '{"Challenge":null}',
      '{"Challenge":5}',
      '{"Challenge":"***"}',
      '{"Challenge":"YQ==="}',
      'x',
    ]) {
      expect(
        protocolErrorCode(() => parseEncryptionChallenge(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
  });
});
