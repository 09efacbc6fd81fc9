import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator, defaultEmulatorConfig } from '../emulator/index.js';
import { AwsError } from './aws-error.js';
import {
  ssoDeviceLogin,
  type SsoAuthorizationPrompt,
  type SsoDeviceLoginOptions,
} from './sso-device-login.js';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const python = spawnSync('python3', ['-c', 'print(1)']).status === 0;

/** botocore's _registration_cache_key, computed by Python itself. */
function botocoreRegistrationKey(
  startUrl: string,
  region: string,
  scopes: string[] | null,
  session: string | null,
): string {
  const script = [
    'import hashlib, json, sys',
    'a = json.loads(sys.stdin.read())',
    "args = {'tool': 'botocore', 'startUrl': a[0], 'region': a[1], 'scopes': a[2], 'session_name': a[3]}",
    "sys.stdout.write(hashlib.sha1(json.dumps(args, sort_keys=True).encode('utf-8')).hexdigest())",
  ].join('\n');
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify([startUrl, region, scopes, session]),
    encoding: 'utf8',
  });
  return result.stdout;
}

/** The file as botocore's JSONFileCache would write the same dict (Python re-serializes what it read). */
function pythonRewrite(text: string): string {
  const result = spawnSync(
    'python3',
    ['-c', 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))'],
    {
      input: text,
      encoding: 'utf8',
    },
  );
  return result.stdout;
}

describe('ssoDeviceLogin against the emulator (IAM Identity Center device authorization)', () => {
  let emulator: Emulator;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const cacheDir = (): string => join(home, '.aws', 'sso', 'cache');

  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    config.sso = { pollIntervalSeconds: 1 };
    emulator = await Emulator.start({ config });
    home = mkdtempSync(join(tmpdir(), 'ssm-desk-sso-login-'));
    mkdirSync(join(home, 'elsewhere'));
    // The config file is not under HOME: the cache still goes to $HOME/.aws/sso/cache, as the AWS CLI's.
    writeFileSync(
      join(home, 'elsewhere', 'config'),
      [
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = eu-west-1',
        '[profile deployer]',
        'role_arn = arn:aws:iam::123456789012:role/Deployer',
        'source_profile = dev',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '[profile legacy]',
        'sso_start_url = https://legacy.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = ReadOnly',
        '[profile via-services]',
        'sso_session = corp',
        'services = emulated',
        '[services emulated]',
        'sso_oidc =',
        `  endpoint_url = ${emulator.endpoint}`,
        '[profile keys]',
        'region = us-east-1',
        '[profile broken]',
        'sso_session = nowhere',
        '',
      ].join('\n'),
    );
    env = {
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'elsewhere', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'elsewhere', 'credentials'),
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
    };
  });
  afterAll(async () => {
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Signs in, approving (or denying) on the emulator as a user on the verification page would. */
  async function login(
    overrides: Partial<SsoDeviceLoginOptions> & { decision?: 'approve' | 'deny' } = {},
  ): Promise<{ result: Awaited<ReturnType<typeof ssoDeviceLogin>>; prompts: SsoAuthorizationPrompt[] }> {
    const prompts: SsoAuthorizationPrompt[] = [];
    const { decision = 'approve', ...options } = overrides;
    const result = await ssoDeviceLogin({
      profile: 'dev',
      env,
      onAuthorization: (prompt) => {
        prompts.push(prompt);
        expect(emulator.decideDeviceAuthorization(prompt.userCode, decision)).toBe(true);
      },
      ...options,
    });
    return { result, prompts };
  }

  it('writes the token cache where and as the AWS CLI v2 does, for an sso-session profile', async () => {
    const { result, prompts } = await login();
    expect(prompts).toEqual([
      {
        profile: 'dev',
        startUrl: 'https://corp.awsapps.com/start',
        verificationUri: `${emulator.endpoint}/sso/verify`,
        verificationUriComplete: `${emulator.endpoint}/sso/verify?user_code=${prompts[0]?.userCode}`,
        userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
        expiresAt: expect.any(Date),
      },
    ]);
    const cacheFile = join(cacheDir(), `${sha1('corp')}.json`);
    expect(result).toEqual({
      profile: 'dev',
      sessionName: 'corp',
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      expiresAt: expect.any(Date),
      cacheFile,
    });
    const text = readFileSync(cacheFile, 'utf8');
    const token = JSON.parse(text) as Record<string, string>;
    // botocore's members, in its order, with Python's separators and whole-second UTC times.
    expect(Object.keys(token)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(
      text.startsWith(
        '{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "aoa',
      ),
    ).toBe(true);
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(token.registrationExpiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(token.expiresAt!)).toBe(Math.floor(result.expiresAt.getTime() / 1000) * 1000);
    expect(Date.parse(token.expiresAt!) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(token.refreshToken).toMatch(/^aor/);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    // The emulator's portal takes the token: it is the one the service issued.
    const portal = await fetch(`${emulator.endpoint}/assignment/accounts?max_result=10`, {
      headers: { 'x-amz-sso_bearer_token': token.accessToken! },
    });
    expect(portal.status).toBe(200);
    // Nothing else is left in the folder: the token and the client registration.
    expect(readdirSync(cacheDir()).sort()).toHaveLength(2);
  });

  it.skipIf(!python)(
    'names and writes the client registration as botocore does, so the AWS CLI reuses it',
    () => {
      const key = botocoreRegistrationKey(
        'https://corp.awsapps.com/start',
        'us-east-1',
        ['sso:account:access'],
        'corp',
      );
      expect(key).toMatch(/^[0-9a-f]{40}$/);
      const text = readFileSync(join(cacheDir(), `${key}.json`), 'utf8');
      const registration = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(registration)).toEqual(['clientId', 'clientSecret', 'expiresAt', 'scopes']);
      expect(registration.scopes).toEqual(['sso:account:access']);
      const token = readFileSync(join(cacheDir(), `${sha1('corp')}.json`), 'utf8');
      expect(JSON.parse(token)).toMatchObject({
        clientId: registration.clientId,
        registrationExpiresAt: registration.expiresAt,
      });
      // Both files are byte for byte what Python's json.dumps writes for their contents.
      expect(pythonRewrite(text)).toBe(text);
      expect(pythonRewrite(token)).toBe(token);
    },
  );

  it('a second sign-in reuses the cached client registration, as the AWS CLI does', async () => {
    const before = JSON.parse(readFileSync(join(cacheDir(), `${sha1('corp')}.json`), 'utf8')) as Record<
      string,
      string
    >;
    await login();
    const after = JSON.parse(readFileSync(join(cacheDir(), `${sha1('corp')}.json`), 'utf8')) as Record<
      string,
      string
    >;
    expect(after.clientId).toBe(before.clientId);
    expect(after.accessToken).not.toBe(before.accessToken);
  });

  it('a cached registration the service does not know is replaced by a new one', async () => {
    const key = readdirSync(cacheDir()).find((name) => name !== `${sha1('corp')}.json`)!;
    writeFileSync(
      join(cacheDir(), key),
      JSON.stringify({
        clientId: 'revoked-client',
        clientSecret: 'revoked',
        expiresAt: '2099-01-01T00:00:00Z',
      }),
    );
    await login();
    const token = JSON.parse(readFileSync(join(cacheDir(), `${sha1('corp')}.json`), 'utf8')) as Record<
      string,
      string
    >;
    expect(token.clientId).not.toBe('revoked-client');
    expect((JSON.parse(readFileSync(join(cacheDir(), key), 'utf8')) as Record<string, string>).clientId).toBe(
      token.clientId,
    );
  });

  it('a legacy profile (sso_start_url in the profile): the cache is named after the start URL, no refresh token', async () => {
    const { result } = await login({ profile: 'legacy' });
    expect(result.cacheFile).toBe(join(cacheDir(), `${sha1('https://legacy.awsapps.com/start')}.json`));
    const token = JSON.parse(readFileSync(result.cacheFile, 'utf8')) as Record<string, string>;
    expect(token).toMatchObject({ startUrl: 'https://legacy.awsapps.com/start', region: 'us-east-1' });
    expect(token.refreshToken).toBeUndefined();
    if (python) {
      const key = botocoreRegistrationKey('https://legacy.awsapps.com/start', 'us-east-1', null, null);
      const registration = JSON.parse(readFileSync(join(cacheDir(), `${key}.json`), 'utf8')) as Record<
        string,
        string
      >;
      expect(registration.clientId).toBe(token.clientId);
    }
  });

  it('a role profile signs in the SSO profile it starts from; the endpoint may come from a services section', async () => {
    const { result } = await login({ profile: 'deployer' });
    expect(result.profile).toBe('dev');
    const withoutEnv = { ...env };
    delete withoutEnv.AWS_ENDPOINT_URL_SSO_OIDC;
    const { result: viaServices } = await login({ profile: 'via-services', env: withoutEnv });
    expect(viaServices.sessionName).toBe('corp');
  });

  it('slow_down makes every later wait 5 s longer (botocore, RFC 8628 §3.5)', async () => {
    const waits: number[] = [];
    let code = '';
    const { result } = await login({
      onAuthorization: (prompt) => (code = prompt.userCode),
      // No real waiting: the emulator sees polls too close together and says slow_down.
      sleep: async (ms) => {
        waits.push(ms);
        if (ms > 1000) emulator.decideDeviceAuthorization(code, 'approve');
      },
    });
    expect(waits).toEqual([1000, 6000]);
    expect(result.profile).toBe('dev');
  });

  it('a denied request is sso-login-denied; an unapproved code that expires is sso-login-expired', async () => {
    const denied = await login({ decision: 'deny' }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(AwsError);
    expect(denied).toMatchObject({ code: 'sso-login-denied', profile: 'dev' });

    const shortLived = defaultEmulatorConfig();
    shortLived.sso = { deviceCodeLifetimeSeconds: 1, pollIntervalSeconds: 1 };
    const other = await Emulator.start({ config: shortLived });
    try {
      let expiresAt = 0;
      const expired = await ssoDeviceLogin({
        profile: 'dev',
        env: { ...env, AWS_ENDPOINT_URL_SSO_OIDC: other.endpoint },
        onAuthorization: (prompt) => (expiresAt = prompt.expiresAt.getTime()),
        // Wait until the code's lifetime is over, then poll again.
        sleep: () =>
          new Promise((resolve) => {
            const check = (): void => void (Date.now() > expiresAt + 50 ? resolve() : setTimeout(check, 50));
            check();
          }),
      }).catch((error: unknown) => error);
      expect(expired).toMatchObject({ code: 'sso-login-expired', profile: 'dev' });
    } finally {
      await other.close();
    }
  });

  it('aborting while it waits for the user rejects with aborted at once, not after the poll interval', async () => {
    const slow = defaultEmulatorConfig();
    slow.sso = { pollIntervalSeconds: 60 };
    const other = await Emulator.start({ config: slow });
    try {
      const controller = new AbortController();
      let abortedAt = 0;
      const outcome = await ssoDeviceLogin({
        profile: 'dev',
        env: { ...env, AWS_ENDPOINT_URL_SSO_OIDC: other.endpoint },
        signal: controller.signal,
        onAuthorization: () =>
          setTimeout(() => {
            abortedAt = Date.now();
            controller.abort();
          }, 10),
      }).catch((error: unknown) => error);
      expect(outcome).toMatchObject({ code: 'aborted' });
      // The real wait between polls is 60 s here: only an abort that ends it returns this soon.
      expect(Date.now() - abortedAt).toBeLessThan(10_000);
    } finally {
      await other.close();
    }
  });

  it('profiles that cannot sign in say why', async () => {
    const attempt = (profile: string): Promise<unknown> =>
      ssoDeviceLogin({ profile, env, onAuthorization: () => undefined }).catch((error: unknown) => error);
    expect(await attempt('keys')).toMatchObject({
      code: 'config-invalid',
      message:
        'profile keys does not sign in through IAM Identity Center (it has no sso_session or sso_start_url)',
    });
    expect(await attempt('broken')).toMatchObject({
      code: 'config-invalid',
      message: expect.stringContaining('has no [sso-session nowhere] section'),
    });
    expect(await attempt('missing')).toMatchObject({ code: 'profile-not-found' });
  });
});
