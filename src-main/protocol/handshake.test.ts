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
} from './handshake.js';

const bytes = (text: string): Buffer => Buffer.from(text);

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
  it('TestClientMessage_DeserializeHandshakeRequest: parameters are kept as JSON', () => {
    const request = parseHandshakeRequest(
      bytes(
        '{"AgentVersion":"3.0","RequestedClientActions":[{"ActionType":"start","ActionParameters":{"name": "richard"}}]}',
      ),
    );
    expect(request).toEqual({
      agentVersion: '3.0',
      requestedClientActions: [{ actionType: 'start', actionParameters: { name: 'richard' } }],
    });
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
    expect(request.requestedClientActions[0]?.actionParameters).toEqual({ KMSKeyId: 'some-key-id' });
    expect(request.requestedClientActions[1]?.actionParameters).toEqual({ SessionType: 'Standard_Stream' });
  });

  it('matches keys case-insensitively, as Go does', () => {
    const request = parseHandshakeRequest(
      bytes(
        '{"agentversion":"3.3.0.0","REQUESTEDCLIENTACTIONS":[{"actiontype":"SessionType","actionParameters":{"SessionType":"Port","Properties":{"PortNumber":"22"}}}]}',
      ),
    );
    expect(request).toEqual({
      agentVersion: '3.3.0.0',
      requestedClientActions: [
        {
          actionType: 'SessionType',
          actionParameters: { SessionType: 'Port', Properties: { PortNumber: '22' } },
        },
      ],
    });
  });

  it('missing or null fields read as empty', () => {
    expect(parseHandshakeRequest(bytes('{}'))).toEqual({ agentVersion: '', requestedClientActions: [] });
    expect(parseHandshakeRequest(bytes('{"AgentVersion":null,"RequestedClientActions":null}'))).toEqual({
      agentVersion: '',
      requestedClientActions: [],
    });
    expect(parseHandshakeRequest(bytes('{"RequestedClientActions":[{"ActionType":7}]}'))).toEqual({
      agentVersion: '',
      requestedClientActions: [{ actionType: '', actionParameters: null }],
    });
  });

  it('rejects malformed requests with invalid-payload', () => {
    for (const bad of [
      '',
      'not json',
      '[]',
      '{"AgentVersion":3}',
      '{"RequestedClientActions":{}}',
      '{"RequestedClientActions":"x"}',
      '{"RequestedClientActions":[1]}',
      '{"RequestedClientActions":[null]}',
    ]) {
      expect(
        protocolErrorCode(() => parseHandshakeRequest(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
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
    expect(parseHandshakeRequest(payload).requestedClientActions).toHaveLength(2);
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

  it('parses case-insensitively and reads junk as defaults', () => {
    expect(
      parseHandshakeResponse(
        bytes(
          '{"clientversion":"1.2.650.0","processedclientactions":[{"actiontype":"SessionType","actionstatus":1},5],"errors":["a",7]}',
        ),
      ),
    ).toEqual({
      clientVersion: '1.2.650.0',
      processedClientActions: [{ actionType: 'SessionType', actionStatus: 1, actionResult: null, error: '' }],
      errors: ['a'],
    });
    expect(parseHandshakeResponse(bytes('{"ProcessedClientActions":"x","ClientVersion":1}'))).toEqual({
      clientVersion: '',
      processedClientActions: [],
      errors: null,
    });
    expect(
      parseHandshakeResponse(
        bytes('{"ProcessedClientActions":[{"ActionStatus":"1","Error":5,"ActionResult":{"k":1}}]}'),
      ).processedClientActions,
    ).toEqual([{ actionType: '', actionStatus: 0, actionResult: { k: 1 }, error: '' }]);
    expect(protocolErrorCode(() => parseHandshakeResponse(bytes('nope')))).toBe('invalid-payload');
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
    expect(parseHandshakeComplete(bytes('{"HandshakeTimeToComplete":"5"}'))).toEqual({
      handshakeTimeToCompleteNs: 0,
      customerMessage: '',
    });
    expect(protocolErrorCode(() => parseHandshakeComplete(bytes('[]')))).toBe('invalid-payload');
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
    for (const bad of ['{}', '{"Challenge":5}', '{"Challenge":"***"}', '{"Challenge":"YQ==="}', 'x']) {
      expect(
        protocolErrorCode(() => parseEncryptionChallenge(bytes(bad))),
        bad,
      ).toBe('invalid-payload');
    }
  });
});
