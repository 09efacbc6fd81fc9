import { describe, expect, it } from 'vitest';
import { REDACTED, formatRedacted, redactText, redactValue } from './redact.js';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN =
  'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDf3Examp1eT0kenValueThatIsLongEnough';

describe('redactText', () => {
  it.each([
    ['JSON TokenValue', '{"SessionId":"s-1","TokenValue": "tok-abc123","StreamUrl":"wss://x"}', 'tok-abc123'],
    ['escaped JSON', '"{\\"TokenValue\\":\\"tok-escaped\\"}"', 'tok-escaped'],
    ['inspect form', "{ TokenValue: 'tok-inspect', SessionId: 's' }", 'tok-inspect'],
    [
      'XML secret',
      '<SecretAccessKey>short-secret</SecretAccessKey><SessionToken>sess-tok</SessionToken>',
      'short-secret',
    ],
    ['XML session token', '<SessionToken>sess-tok-2</SessionToken>', 'sess-tok-2'],
    [
      'token query param',
      'GET wss://h/v1/data-channel/s-1?role=publish_subscribe&token=qtok-1 HTTP/1.1',
      'qtok-1',
    ],
    ['security token query', 'https://h/?X-Amz-Security-Token=secq-1&X-Amz-Date=1', 'secq-1'],
    ['security token header', 'x-amz-security-token: hdr-tok-9', 'hdr-tok-9'],
    ['sso bearer header', 'x-amz-sso_bearer_token: sso-bearer-1', 'sso-bearer-1'],
    [
      'authorization header',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKID/2024/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=abcd',
      'AKID/2024',
    ],
    ['bearer', 'sent Bearer abc.def.ghi to portal', 'abc.def.ghi'],
    ['env assignment', 'AWS_SECRET_ACCESS_KEY=env-secret-1 aws ssm', 'env-secret-1'],
    ['ini assignment', 'aws_session_token = ini-token-1', 'ini-token-1'],
    ['raw secret key', `key ${SECRET_KEY} here`, SECRET_KEY],
    ['raw session token', `token ${SESSION_TOKEN}`, SESSION_TOKEN],
    ['sso cache json', '{"accessToken":"sso-access-1","expiresAt":"2030-01-01T00:00:00Z"}', 'sso-access-1'],
    [
      'sso-oidc device code and client secret',
      '{"clientId":"c-1","clientSecret":"oidc-secret-1","deviceCode":"device-code-1"}',
      'device-code-1',
    ],
    ['sso-oidc client secret', '{"clientId":"c-1","clientSecret":"oidc-secret-2"}', 'oidc-secret-2'],
    ['KMS plaintext', '{"Plaintext":"cGxhaW50ZXh0LWtleQ==","KeyId":"k"}', 'cGxhaW50ZXh0LWtleQ=='],
  ])('%s', (_name, input, secret) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('keeps ordinary text and ids', () => {
    const line = 'ls: 7 instances in us-east-1 (i-0a1b2c3d4e5f60718 web-1) session demo-0123456789abcdef0';
    expect(redactText(line)).toBe(line);
  });

  it('is idempotent', () => {
    const once = redactText('{"TokenValue":"x"} token=y Authorization: z');
    expect(redactText(once)).toBe(once);
  });
});

describe('redactValue', () => {
  it('replaces sensitive keys at any depth and any type', () => {
    const value = {
      output: {
        SessionId: 's-1',
        TokenValue: 'tok-deep',
        Credentials: { AccessKeyId: 'AKIA1', SecretAccessKey: 'sec' },
        roleCredentials: { sessionToken: 'st' },
      },
      kms: { Plaintext: new Uint8Array([1, 2, 3]), CiphertextBlob: new Uint8Array(4) },
      headers: { 'x-amz-security-token': 'h1', authorization: 'h2', 'x-amz-sso_bearer_token': 'h3' },
    };
    const text = JSON.stringify(redactValue(value));
    for (const secret of ['tok-deep', 'sec"', 'st"', 'h1', 'h2', 'h3', '[1,2,3]', '"1":1'])
      expect(text).not.toContain(secret);
    expect(text).toContain('s-1');
    expect(text).toContain('<4 bytes>');
  });

  it('survives cycles and errors', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(JSON.stringify(redactValue(a))).toContain('[Circular]');
    const error = new Error('failed with token=abc');
    expect(JSON.stringify(redactValue(error))).not.toContain('abc');
  });

  it('formatRedacted mixes strings and objects', () => {
    const line = formatRedacted(['StartSession', { TokenValue: 't-1', SessionId: 's-2' }]);
    expect(line).toContain('s-2');
    expect(line).not.toContain('t-1');
  });
});
