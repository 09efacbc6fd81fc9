import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator.js';
import { createEmulatorLock } from './emulator-lock.js';
import { DEVICE_CODE_GRANT, SsoOidc } from './sso-oidc.js';

interface Reply {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
}

/** One REST-JSON call as botocore makes it (unsigned JSON POST). */
async function post(endpoint: string, path: string, input: unknown): Promise<Reply> {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function portal(endpoint: string, path: string, token: string) {
  const response = await fetch(`${endpoint}${path}`, { headers: { 'x-amz-sso_bearer_token': token } });
  return {
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The verification page's form, submitted as a browser would. */
async function decide(endpoint: string, userCode: string, action: 'approve' | 'deny', secret?: string) {
  const form = new URLSearchParams({ user_code: userCode, action, ...(secret ? { secret } : {}) });
  const response = await fetch(`${endpoint}/sso/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return { status: response.status, html: await response.text() };
}

describe('IAM Identity Center device authorization (SSO OIDC) over HTTP', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await Emulator.start();
  });
  afterAll(async () => emulator.close());

  const register = async (scopes?: string[]) => {
    const registered = await post(emulator.endpoint, '/client/register', {
      clientName: 'botocore-client-test',
      clientType: 'public',
      ...(scopes ? { scopes } : {}),
    });
    expect(registered.status).toBe(200);
    return registered.body as { clientId: string; clientSecret: string; clientSecretExpiresAt: number };
  };

  it('runs the whole flow: register, authorize, pending, approve on the page, token, role credentials', async () => {
    const client = await register(['sso:account:access']);
    expect(client.clientSecretExpiresAt).toBeGreaterThan(Date.now() / 1000 + 80 * 24 * 3600);
    const started = await post(emulator.endpoint, '/device_authorization', {
      ...client,
      startUrl: 'https://example.awsapps.com/start',
    });
    const authorization = started.body as {
      deviceCode: string;
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      expiresIn: number;
      interval: number;
    };
    expect(authorization).toMatchObject({
      userCode: expect.stringMatching(/^[B-Z]{4}-[B-Z]{4}$/),
      verificationUri: `${emulator.endpoint}/sso/verify`,
      expiresIn: 600,
      interval: 1,
    });
    expect(authorization.verificationUriComplete).toBe(
      `${emulator.endpoint}/sso/verify?user_code=${authorization.userCode}`,
    );
    const tokenRequest = { ...client, grantType: DEVICE_CODE_GRANT, deviceCode: authorization.deviceCode };
    const pending = await post(emulator.endpoint, '/token', tokenRequest);
    expect([pending.status, pending.type, pending.body]).toEqual([
      400,
      'AuthorizationPendingException',
      { error: 'authorization_pending', error_description: 'Authorization is still pending' },
    ]);

    const pageResponse = await fetch(authorization.verificationUriComplete);
    const html = await pageResponse.text();
    expect(pageResponse.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain(authorization.userCode);
    expect(html).toContain('https://example.awsapps.com/start');
    expect(html).toMatch(/<button type="submit" name="action" value="approve">Approve<\/button>/);
    expect(html).not.toContain('<script');
    const approved = await decide(emulator.endpoint, authorization.userCode.toLowerCase(), 'approve');
    expect(approved.status).toBe(200);
    expect(approved.html).toContain('Request approved');

    const token = await post(emulator.endpoint, '/token', tokenRequest);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 28800 });
    const { accessToken, refreshToken } = token.body as { accessToken: string; refreshToken: string };
    expect(refreshToken).toBeTruthy();
    // A device code is good for one token only.
    expect((await post(emulator.endpoint, '/token', tokenRequest)).type).toBe('InvalidGrantException');

    const credentials = await portal(
      emulator.endpoint,
      '/federation/credentials?account_id=123456789012&role_name=AdministratorAccess',
      accessToken,
    );
    expect(credentials.status).toBe(200);
    expect((credentials.body.roleCredentials as { accessKeyId: string }).accessKeyId).toMatch(/^ASIA/);
    const accounts = await portal(emulator.endpoint, '/assignment/accounts', accessToken);
    expect(accounts.body).toEqual({
      accountList: [
        { accountId: '123456789012', accountName: 'Emulator', emailAddress: 'emulator@example.com' },
      ],
    });
    const roles = await portal(
      emulator.endpoint,
      '/assignment/roles?account_id=123456789012&max_result=1',
      accessToken,
    );
    expect(roles.body.roleList).toEqual([{ roleName: 'AdministratorAccess', accountId: '123456789012' }]);
    const next = await portal(
      emulator.endpoint,
      `/assignment/roles?account_id=123456789012&max_result=1&next_token=${encodeURIComponent(roles.body.nextToken as string)}`,
      accessToken,
    );
    expect(next.body).toEqual({ roleList: [{ roleName: 'ReadOnlyAccess', accountId: '123456789012' }] });

    // The refresh grant (botocore's SSOTokenProvider) gives a new access token and rotates the refresh token.
    const refreshed = await post(emulator.endpoint, '/token', {
      ...client,
      grantType: 'refresh_token',
      refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).not.toBe(accessToken);
    const reused = await post(emulator.endpoint, '/token', {
      ...client,
      grantType: 'refresh_token',
      refreshToken,
    });
    expect([reused.type, reused.body.error]).toEqual(['InvalidGrantException', 'invalid_grant']);

    // Logout ends the access token.
    const logout = await fetch(`${emulator.endpoint}/logout`, {
      method: 'POST',
      headers: { 'x-amz-sso_bearer_token': accessToken },
    });
    expect(logout.status).toBe(200);
    expect((await portal(emulator.endpoint, '/assignment/accounts', accessToken)).type).toBe(
      'UnauthorizedException',
    );
  });

  it('tells a client that polls too fast to slow down, and one that was denied so', async () => {
    const client = await register();
    const { body } = await post(emulator.endpoint, '/device_authorization', {
      ...client,
      startUrl: 'https://e.awsapps.com/start',
    });
    const request = { ...client, grantType: DEVICE_CODE_GRANT, deviceCode: body.deviceCode };
    // botocore's two back-to-back polls are allowed; a third within the interval is too fast.
    expect((await post(emulator.endpoint, '/token', request)).type).toBe('AuthorizationPendingException');
    expect((await post(emulator.endpoint, '/token', request)).type).toBe('AuthorizationPendingException');
    const slow = await post(emulator.endpoint, '/token', request);
    expect([slow.type, slow.body.error]).toEqual(['SlowDownException', 'slow_down']);
    expect(emulator.decideDeviceAuthorization(body.userCode as string, 'deny')).toBe(true);
    const denied = await post(emulator.endpoint, '/token', request);
    expect([denied.type, denied.body.error]).toEqual(['AccessDeniedException', 'access_denied']);
    // Without scopes there is no refresh token.
    expect(emulator.decideDeviceAuthorization(body.userCode as string, 'approve')).toBe(false);
  });

  it('answers bad clients, grants and codes in the OAuth error form', async () => {
    const client = await register();
    const wrongSecret = await post(emulator.endpoint, '/device_authorization', {
      clientId: client.clientId,
      clientSecret: 'guess',
      startUrl: 'https://e.awsapps.com/start',
    });
    expect([wrongSecret.status, wrongSecret.type, wrongSecret.body.error]).toEqual([
      401,
      'InvalidClientException',
      'invalid_client',
    ]);
    const grant = await post(emulator.endpoint, '/token', { ...client, grantType: 'password' });
    expect([grant.type, grant.body.error]).toEqual([
      'UnsupportedGrantTypeException',
      'unsupported_grant_type',
    ]);
    const confidential = await post(emulator.endpoint, '/client/register', {
      clientName: 'x',
      clientType: 'confidential',
    });
    expect(confidential.type).toBe('InvalidClientMetadataException');
    const missing = await post(emulator.endpoint, '/client/register', { clientType: 'public' });
    expect([missing.type, missing.body.error]).toEqual(['InvalidRequestException', 'invalid_request']);
    const page = await decide(emulator.endpoint, 'BCDF-GHJK', 'approve');
    expect(page.status).toBe(400);
    expect(page.html).toContain('not valid or has expired');
  });
});

describe('device codes expire', () => {
  it('with ExpiredTokenException once their lifetime has passed', () => {
    let now = 1_000_000;
    const oidc = new SsoOidc(
      () => ({ deviceCodeLifetimeSeconds: 5 }),
      () => now,
    );
    const client = oidc.registerClient({ clientName: 'c', clientType: 'public' });
    const started = oidc.startDeviceAuthorization(
      { ...client, startUrl: 'https://e.awsapps.com/start' },
      'http://x/sso/verify',
    );
    now += 5000;
    expect(() =>
      oidc.createToken({ ...client, grantType: DEVICE_CODE_GRANT, deviceCode: started.deviceCode }),
    ).toThrow(expect.objectContaining({ code: 'ExpiredTokenException', oauthError: 'expired_token' }));
    expect(oidc.decide(started.userCode as string, true)).toBe(false);
  });
});

describe('a locked emulator and SSO', () => {
  it('approves only with the control secret, and its portal takes only tokens it issued', async () => {
    const lock = createEmulatorLock();
    const emulator = await Emulator.start({ lock });
    try {
      const client = (
        await post(emulator.endpoint, '/client/register', { clientName: 'c', clientType: 'public' })
      ).body;
      const { body } = await post(emulator.endpoint, '/device_authorization', {
        ...client,
        startUrl: 'https://e.awsapps.com/start',
      });
      const userCode = body.userCode as string;
      const page = await fetch(body.verificationUriComplete as string);
      expect(page.status).toBe(403);
      expect((await decide(emulator.endpoint, userCode, 'approve')).status).toBe(403);
      expect((await decide(emulator.endpoint, userCode, 'approve', 'wrong-secret-000000')).status).toBe(403);
      const withSecret = await fetch(
        `${body.verificationUriComplete as string}&secret=${lock.controlSecret}`,
      );
      expect(withSecret.status).toBe(200);
      // The form carries the secret on to the POST.
      expect(await withSecret.text()).toContain(`name="secret" value="${lock.controlSecret}"`);
      expect((await decide(emulator.endpoint, userCode, 'approve', lock.controlSecret)).status).toBe(200);
      const token = await post(emulator.endpoint, '/token', {
        ...client,
        grantType: DEVICE_CODE_GRANT,
        deviceCode: body.deviceCode,
      });
      const accessToken = token.body.accessToken as string;
      expect((await portal(emulator.endpoint, '/assignment/accounts', accessToken)).status).toBe(200);
      const forged = await portal(
        emulator.endpoint,
        '/federation/credentials?account_id=123456789012&role_name=R',
        'made-up-token',
      );
      expect([forged.status, forged.type]).toEqual([401, 'UnauthorizedException']);
    } finally {
      await emulator.close();
    }
  });
});
