import { describe, expect, it } from 'vitest';
import { decodeStartSessionResponse } from './go-json-error.js';
import { parsePluginArgv, RESPONSE_ENV_NAME } from './plugin-argv.js';

const RESPONSE =
  '{"SessionId": "user-012345", "TokenValue": "ABCD", "StreamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/user-012345?role=publish_subscribe"}';

describe('parsePluginArgv (spec §9)', () => {
  it('recognises the no-argument, --version and unknown-operation forms', () => {
    expect(parsePluginArgv([], {})).toEqual({ kind: 'installed' });
    expect(parsePluginArgv(['--version'], {})).toEqual({ kind: 'version' });
    expect(parsePluginArgv(['version'], {})).toEqual({ kind: 'unknown-operation', operation: 'version' });
    expect(parsePluginArgv(['--version', 'x'], {})).toEqual({
      kind: 'unknown-operation',
      operation: '--version',
    });
  });

  it('parses the full 7-entry form the AWS CLI v2 uses', () => {
    const invocation = parsePluginArgv(
      [
        RESPONSE,
        'us-east-1',
        'StartSession',
        '',
        '{"Target": "i-0123abc"}',
        'https://ssm.us-east-1.amazonaws.com',
      ],
      {},
    );
    expect(invocation).toEqual({
      kind: 'start',
      response: {
        SessionId: 'user-012345',
        TokenValue: 'ABCD',
        StreamUrl:
          'wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/user-012345?role=publish_subscribe',
      },
      region: 'us-east-1',
      profile: '',
      target: 'i-0123abc',
      endpoint: 'https://ssm.us-east-1.amazonaws.com',
      legacy: false,
    });
  });

  it('reads the environment-variable form and removes the variable', () => {
    const env: NodeJS.ProcessEnv = {
      [RESPONSE_ENV_NAME]: '{"SessionId": "s-1", "TokenValue": "Session-Token", "StreamUrl": "wss://x/y"}',
      OTHER: 'kept',
    };
    const invocation = parsePluginArgv(
      [RESPONSE_ENV_NAME, 'eu-west-1', 'StartSession', 'prof', '{"Target": "i-1"}', 'https://e'],
      env,
    );
    expect(invocation.kind === 'start' && invocation.response.TokenValue).toBe('Session-Token');
    expect(invocation.kind === 'start' && invocation.profile).toBe('prof');
    expect(env[RESPONSE_ENV_NAME]).toBeUndefined();
    expect(env.OTHER).toBe('kept');
  });

  it('treats any argument starting with the variable name as a name', () => {
    const env: NodeJS.ProcessEnv = {
      AWS_SSM_START_SESSION_RESPONSE_2: '{"SessionId":"a","TokenValue":"b","StreamUrl":"ws://c"}',
    };
    const invocation = parsePluginArgv(
      ['AWS_SSM_START_SESSION_RESPONSE_2', 'r', 'StartSession', '', '{"Target":"t"}', 'e'],
      env,
    );
    expect(invocation.kind).toBe('start');
    expect(env.AWS_SSM_START_SESSION_RESPONSE_2).toBeUndefined();
  });

  it('parses a wrong variable name as JSON and leaves the variable alone (Go test)', () => {
    const env: NodeJS.ProcessEnv = { WRONG_ENV_NAME: RESPONSE };
    const invocation = parsePluginArgv(
      ['WRONG_ENV_NAME', 'r', 'StartSession', '', '{"Target":"t"}', 'e'],
      env,
    );
    expect(invocation).toEqual({
      kind: 'bad-response',
      error: "invalid character 'W' looking for beginning of value",
    });
    expect(env.WRONG_ENV_NAME).toBe(RESPONSE);
  });

  it('accepts the legacy 4-entry form without parameters', () => {
    const invocation = parsePluginArgv([RESPONSE, 'us-east-1', 'StartSession'], {});
    expect(invocation).toMatchObject({ kind: 'start', legacy: true, target: '', endpoint: '', profile: '' });
  });

  it('reports a missing Target the way Go panics: before the operation is checked', () => {
    expect(parsePluginArgv([RESPONSE, 'r', 'StartSession', '', '{}', 'e'], {}).kind).toBe('missing-target');
    expect(parsePluginArgv([RESPONSE, 'r', 'Other', '', 'not json', 'e'], {}).kind).toBe('missing-target');
    expect(parsePluginArgv([RESPONSE, 'r', 'StartSession', ''], {}).kind).toBe('missing-target');
    expect(parsePluginArgv([RESPONSE, 'r', 'StartSession', '', '{"Target": 5}', 'e'], {}).kind).toBe(
      'missing-target',
    );
  });

  it('prints Invalid Operation for an operation other than StartSession', () => {
    expect(parsePluginArgv([RESPONSE, 'r', 'StopSession', '', '{"Target":"t"}', 'e'], {})).toEqual({
      kind: 'invalid-operation',
    });
  });
});

describe("decodeStartSessionResponse: Go's json.Unmarshal errors", () => {
  it.each([
    ['', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['WRONG', "invalid character 'W' looking for beginning of value"],
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b"}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['tru', 'unexpected end of JSON input'],
    ['trUe', "invalid character 'U' in literal true (expecting 'u')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.e', "invalid character 'e' after decimal point in numeric literal"],
    ['1e+', 'unexpected end of JSON input'],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\u0001"', "invalid character '\\x01' in string literal"],
    ["'x'", "invalid character '\\'' looking for beginning of value"],
    ['[1]', 'json: cannot unmarshal array into Go value of type ssm.StartSessionOutput'],
    ['"s"', 'json: cannot unmarshal string into Go value of type ssm.StartSessionOutput'],
    [
      '{"SessionId": 5}',
      'json: cannot unmarshal number into Go struct field StartSessionOutput.SessionId of type string',
    ],
    [
      '{"streamurl": true}',
      'json: cannot unmarshal bool into Go struct field StartSessionOutput.StreamUrl of type string',
    ],
  ])('%j → %s', (input, error) => {
    expect(decodeStartSessionResponse(input)).toEqual({ ok: false, error });
  });

  it('matches keys case-insensitively and ignores unknown keys and nulls', () => {
    expect(
      decodeStartSessionResponse('{"sessionid":"a","TOKENVALUE":"b","StreamUrl":null,"Extra":[1]}'),
    ).toEqual({
      ok: true,
      value: { SessionId: 'a', TokenValue: 'b', StreamUrl: '' },
    });
    expect(decodeStartSessionResponse('null')).toEqual({
      ok: true,
      value: { SessionId: '', TokenValue: '', StreamUrl: '' },
    });
  });
});
