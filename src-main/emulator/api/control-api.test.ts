import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test-server.js';

describe('control routes, STS and SSO', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${api.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('reports health and forwards faults and socket drops to the data-channel side', async () => {
    const health = (await (await fetch(`${api.url}/emulator/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, instances: 7 });
    expect((await post('/emulator/faults', { faults: { dropPercent: 10 } })).status).toBe(200);
    expect(api.dataChannels.faults.at(-1)).toEqual({ sessionId: undefined, faults: { dropPercent: 10 } });
    const bad = await post('/emulator/faults', { faults: { dropPercent: 150 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('request body: faults.dropPercent must be between 0 and 100');
    expect((await post('/emulator/drop-sockets', {})).body).toEqual({ dropped: 1 });
  });

  it('expires tokens and changes settings', async () => {
    const record = api.sessions.create({
      target: 'i-0a1b2c3d4e5f60718',
      region: 'us-east-1',
      document: {
        name: 'SSM-SessionManagerRunShell',
        sessionType: 'Standard_Stream',
        parameters: {},
        properties: {},
      },
      parameters: {},
      properties: {},
      owner: 'arn:aws:iam::123456789012:user/demo',
    });
    const [token] = [...record.tokens.keys()];
    expect(api.sessions.acceptsToken(record.sessionId, token!)).toBe(true);
    await post('/emulator/expire-tokens', {});
    expect(api.sessions.acceptsToken(record.sessionId, token!)).toBe(false);
    const settings = await post('/emulator/settings', { throttleRate: 0.25, tokenLifetimeSeconds: 30 });
    expect(settings.body).toEqual({
      throttleRate: 0.25,
      tokenLifetimeSeconds: 30,
      idleSessionTimeoutSeconds: null,
      failRegions: {},
    });
    expect(api.config.throttleRate).toBe(0.25);
    api.config.throttleRate = 0;
    expect((await post('/emulator/settings', { throttleRate: 'lots' })).status).toBe(400);
  });

  it('adds an instance with defaults and toggles it offline', async () => {
    const added = await post('/emulator/instances', {
      instanceId: 'mi-0123456789abcdef0',
      region: 'us-east-1',
    });
    expect(added.status).toBe(200);
    expect(api.instances.get('mi-0123456789abcdef0')).toMatchObject({ online: true, platformType: 'Linux' });
    expect(
      (await post('/emulator/instances', { instanceId: 'mi-0123456789abcdef0', region: 'us-east-1' })).status,
    ).toBe(409);
    expect((await post('/emulator/instances', { instanceId: 'bad', region: 'us-east-1' })).status).toBe(400);
    await post('/emulator/instances/mi-0123456789abcdef0/online', { online: false });
    expect(api.instances.get('mi-0123456789abcdef0')!.online).toBe(false);
  });

  it('answers STS GetCallerIdentity and AssumeRole, and follows assumed credentials', async () => {
    const form = (body: string, akid = 'AKIDEXAMPLE') =>
      fetch(api.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `AWS4-HMAC-SHA256 Credential=${akid}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body,
      });
    const who = await (await form('Action=GetCallerIdentity&Version=2011-06-15')).text();
    expect(who).toContain('<Arn>arn:aws:iam::123456789012:user/demo</Arn>');
    const assumed = await (
      await form(
        'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fops&RoleSessionName=alice',
      )
    ).text();
    const akid = /<AccessKeyId>([^<]+)</.exec(assumed)?.[1];
    expect(akid).toMatch(/^ASIA/);
    expect(await (await form('Action=GetCallerIdentity&Version=2011-06-15', akid)).text()).toContain(
      '<Arn>arn:aws:sts::123456789012:assumed-role/ops/alice</Arn>',
    );
    const invalid = await form('Action=AssumeRole&Version=2011-06-15&RoleSessionName=alice');
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('<Code>ValidationError</Code>');
  });

  it('answers SSO GetRoleCredentials, and 401 for an expired token', async () => {
    const path = '/federation/credentials?account_id=123456789012&role_name=Admin';
    const ok = await fetch(`${api.url}${path}`, { headers: { 'x-amz-sso_bearer_token': 'token-1' } });
    const body = (await ok.json()) as { roleCredentials: Record<string, unknown> };
    expect(body.roleCredentials.accessKeyId).toMatch(/^ASIA/);
    expect(typeof body.roleCredentials.expiration).toBe('number');
    const expired = await fetch(`${api.url}${path}`, { headers: { 'x-amz-sso_bearer_token': 'expired-1' } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
  });
});

describe('robustness', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers an oversized body with 413 rather than a reset', async () => {
    const response = await fetch(api.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AmazonSSM.DescribeSessions', 'content-type': 'application/x-amz-json-1.1' },
      body: `{"State":"Active","Pad":"${'x'.repeat(2 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLarge');
  });

  it('answers an unknown route and a non-JSON control body without crashing', async () => {
    const unknown = await fetch(`${api.url}/nothing-here`);
    expect(unknown.status).toBe(404);
    const control = await fetch(`${api.url}/emulator/faults`, { method: 'POST', body: '{oops' });
    expect(control.status).toBe(400);
    expect(((await control.json()) as { error: string }).error).toMatch(
      /^request body: \(body\) is not valid JSON/,
    );
    const ec2 = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=RunInstances&Version=2016-11-15',
    });
    expect(ec2.status).toBe(400);
    expect(await ec2.text()).toContain('<Code>InvalidAction</Code>');
  });
});
