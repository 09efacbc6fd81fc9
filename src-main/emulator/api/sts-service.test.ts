import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_MFA_CODE } from './sts-service.js';
import { startTestApi, type TestApi } from './test-server.js';

const MFA_ROLE = 'arn:aws:iam::111122223333:role/DeployMfaRequired';
const PLAIN_ROLE = 'arn:aws:iam::111122223333:role/ReadOnly';
const SERIAL = 'arn:aws:iam::111122223333:mfa/alice';

// STS AssumeRole with MFA, over a real socket, as the SDK's role assumer sends it (Query form, SigV4 header).
describe('emulated STS AssumeRole and MFA', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api.close());

  const call = async (params: Record<string, string>, accessKeyId = 'AKIAEXAMPLEMFA000001') => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
    });
    const body = await response.text();
    const tag = (name: string) =>
      new RegExp(`<${name}>([^<]*)</${name}>`)
        .exec(body)?.[1]
        ?.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
    return { status: response.status, body, code: tag('Code'), message: tag('Message'), tag };
  };
  const assume = (roleArn: string, mfa: Record<string, string> = {}) =>
    call({ Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'alice', ...mfa });

  it('refuses a role that requires MFA when no code comes with the request', async () => {
    const result = await assume(MFA_ROLE);
    expect(result.status).toBe(403);
    expect(result.code).toBe('AccessDenied');
    expect(result.message).toBe(
      `User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: ${MFA_ROLE}`,
    );
  });

  it('assumes it with the serial and the accepted code, and the new keys are the role', async () => {
    const result = await assume(MFA_ROLE, { SerialNumber: SERIAL, TokenCode: EMULATOR_MFA_CODE });
    expect(result.status, result.body).toBe(200);
    expect(result.tag('Arn')).toBe('arn:aws:sts::111122223333:assumed-role/DeployMfaRequired/alice');
    const accessKeyId = result.tag('AccessKeyId')!;
    expect(accessKeyId).toMatch(/^ASIA/);
    const who = await call({ Action: 'GetCallerIdentity' }, accessKeyId);
    expect(who.tag('Arn')).toBe('arn:aws:sts::111122223333:assumed-role/DeployMfaRequired/alice');
    // The role-session form of UserId: the role's id (as in AssumedRoleId), a colon, the session name.
    const roleSessionId = result.tag('AssumedRoleId')!;
    expect(roleSessionId).toMatch(/^AROA[A-Z0-9]{17}:alice$/);
    expect(who.tag('UserId')).toBe(roleSessionId);
    expect(who.tag('Account')).toBe('111122223333');
  });

  it('gives an IAM user an AIDA… UserId', async () => {
    const who = await call({ Action: 'GetCallerIdentity' });
    expect(who.tag('Arn')).toBe('arn:aws:iam::123456789012:user/demo');
    expect(who.tag('UserId')).toMatch(/^AIDA[A-Z0-9]{17}$/);
  });

  it('answers a wrong code with AWS’s AccessDenied, also for a role that needs no MFA', async () => {
    for (const role of [MFA_ROLE, PLAIN_ROLE]) {
      const result = await assume(role, { SerialNumber: SERIAL, TokenCode: '654321' });
      expect(result.status).toBe(403);
      expect(result.code).toBe('AccessDenied');
      expect(result.message).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code.');
    }
    expect((await assume(PLAIN_ROLE)).status).toBe(200);
  });

  it('wants serial and code together, six digits, and never echoes the code', async () => {
    const half = await assume(MFA_ROLE, { SerialNumber: SERIAL });
    expect([half.status, half.code]).toEqual([403, 'AccessDenied']);
    expect(half.message).toBe(
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
    );
    const other = await assume(MFA_ROLE, { TokenCode: EMULATOR_MFA_CODE });
    expect(other.message).toMatch(/must provide both/);
    for (const bad of ['12345', '1234567', '12a456', '']) {
      const result = await assume(MFA_ROLE, { SerialNumber: SERIAL, TokenCode: bad });
      expect([result.status, result.code]).toEqual([400, 'ValidationError']);
      expect(result.message).toMatch(/at 'tokenCode' failed to satisfy constraint/);
      if (bad) expect(result.message).not.toContain(bad);
    }
    const badSerial = await assume(MFA_ROLE, { SerialNumber: 'mfa', TokenCode: EMULATOR_MFA_CODE });
    expect([badSerial.status, badSerial.code]).toEqual([400, 'ValidationError']);
    expect(badSerial.message).toMatch(/at 'serialNumber'/);
  });
});
