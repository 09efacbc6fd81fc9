import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator/index.js';
import { callerIdentity, createAwsContext, ssoDeviceLogin } from '../index.js';
import { cacheTimestamp, writeCacheEntry, type SsoCachedToken } from './sso-token-cache.js';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const python = spawnSync('python3', ['-c', 'print(1)']).status === 0;

/** What a promise rejects with (or undefined when it resolves). */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The file as Python's json.dumps writes the same dict (botocore's JSONFileCache). */
function pythonRewrite(text: string): string {
  return spawnSync(
    'python3',
    ['-c', 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))'],
    {
      input: text,
      encoding: 'utf8',
    },
  ).stdout;
}

// Issue 11 §2 (task 3): IAM Identity Center credentials from the context's env, not process.env: the
// token cache of env's HOME, the portal and OIDC endpoints env or the profile name.
describe('SSO credentials from the env given to createAwsContext', () => {
  let emulator: Emulator;
  let home: string;
  /** process.env.HOME during each test: an empty folder, so nothing can come from the process's own cache. */
  let processHome: string;
  let env: NodeJS.ProcessEnv;
  const savedHome = process.env.HOME;
  const cacheDir = (): string => join(home, '.aws', 'sso', 'cache');

  /** A token file as `aws sso login` leaves it, for the sso-session or start URL `name`. */
  const handWritten = (name: string, fields: Partial<SsoCachedToken> & { expiresAt: string }) =>
    writeCacheEntry(cacheDir(), sha1(name), {
      startUrl: `https://${name}.awsapps.com/start`,
      region: 'us-east-1',
      accessToken: 'aoa-hand-written-token',
      clientId: 'client-id',
      clientSecret: 'client-secret',
      registrationExpiresAt: cacheTimestamp(new Date(Date.now() + 30 * 86_400_000)),
      ...fields,
    });
  const inMinutes = (minutes: number): string => cacheTimestamp(new Date(Date.now() + minutes * 60_000));

  beforeAll(async () => {
    emulator = await Emulator.start();
    home = mkdtempSync(join(tmpdir(), 'ssm-desk-sso-credentials-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile dev]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-east-1',
        '[profile deployer]',
        'role_arn = arn:aws:iam::123456789012:role/Deployer',
        'source_profile = dev',
        'region = us-east-1',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '[profile via-services]',
        'sso_session = corp',
        'sso_account_id = 111122223333',
        'sso_role_name = Viewer',
        'services = emulated',
        'region = us-east-1',
        '[services emulated]',
        'sso =',
        `  endpoint_url = ${emulator.endpoint}`,
        '[profile legacy]',
        'sso_start_url = https://legacy.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = ReadOnly',
        'region = us-east-1',
        '[profile over-legacy]',
        'role_arn = arn:aws:iam::123456789012:role/Deployer',
        'source_profile = legacy',
        'region = us-east-1',
        '[profile stale]',
        'sso_session = stale',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-east-1',
        '[sso-session stale]',
        'sso_start_url = https://stale.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile refused]',
        'sso_session = refused',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-east-1',
        '[sso-session refused]',
        'sso_start_url = https://refused.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile never]',
        'sso_session = never',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-east-1',
        '[sso-session never]',
        'sso_start_url = https://never.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile no-role]',
        'sso_session = corp',
        'sso_account_id = 123456789012',
        'region = us-east-1',
        '[profile conflicting]',
        'sso_session = corp',
        'sso_start_url = https://elsewhere.awsapps.com/start',
        'sso_account_id = 123456789012',
        'sso_role_name = Admin',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    env = {
      HOME: home,
      AWS_ENDPOINT_URL_SSO: emulator.endpoint,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
      AWS_ENDPOINT_URL_STS: emulator.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // Signed in under env's HOME, as the desktop app's sign-in dialog does it.
    await ssoDeviceLogin({
      profile: 'dev',
      env,
      onAuthorization: (prompt) => {
        expect(emulator.decideDeviceAuthorization(prompt.userCode, 'approve')).toBe(true);
      },
    });
  });
  afterAll(async () => {
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });
  beforeAll(() => {
    processHome = mkdtempSync(join(tmpdir(), 'ssm-desk-sso-process-home-'));
  });
  afterAll(() => rmSync(processHome, { recursive: true, force: true }));
  // The process's own HOME holds no sign-in: whatever works below came from env's HOME.
  const useEmptyProcessHome = (): void => {
    process.env.HOME = processHome;
  };
  afterEach(() => {
    process.env.HOME = savedHome;
  });

  it("an sso-session profile gets its role's credentials from the cache of env's HOME", async () => {
    useEmptyProcessHome();
    expect(home).not.toBe(process.env.HOME);
    const context = await createAwsContext({ profile: 'dev', env, endpointUrl: emulator.endpoint });
    const identity = await callerIdentity(context);
    expect(identity.account).toBe('123456789012');
    expect(identity.arn).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_Admin_[0-9a-f]+\/sso-user-/,
    );
    expect(identity.expiresAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it('the portal endpoint may come from the profile’s services section', async () => {
    useEmptyProcessHome();
    const { AWS_ENDPOINT_URL_SSO: _unused, ...withoutSsoEndpoint } = env;
    const context = await createAwsContext({
      profile: 'via-services',
      env: withoutSsoEndpoint,
      endpointUrl: emulator.endpoint,
    });
    const identity = await callerIdentity(context);
    expect(identity.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_Viewer_/);
  });

  it("a role over an SSO profile is assumed with the SSO role's credentials, at env's STS endpoint", async () => {
    useEmptyProcessHome();
    expect(process.env.AWS_ENDPOINT_URL_STS).toBeUndefined();
    // No endpointUrl: ctx.sts() and the role's STS call both take AWS_ENDPOINT_URL_STS from env.
    const context = await createAwsContext({ profile: 'deployer', env });
    const identity = await callerIdentity(context);
    expect(identity.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Deployer\//);
  });

  it('a token about to expire is refreshed with its refresh token and written back as the AWS CLI writes it', async () => {
    useEmptyProcessHome();
    const file = join(cacheDir(), `${sha1('corp')}.json`);
    const before = JSON.parse(readFileSync(file, 'utf8')) as SsoCachedToken;
    // Four minutes left: inside the SDK's five-minute refresh window.
    await writeCacheEntry(cacheDir(), sha1('corp'), { ...before, expiresAt: inMinutes(4) });
    const context = await createAwsContext({ profile: 'dev', env, endpointUrl: emulator.endpoint });
    await callerIdentity(context);
    const text = readFileSync(file, 'utf8');
    const after = JSON.parse(text) as SsoCachedToken;
    expect(Object.keys(after)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(after.accessToken).not.toBe(before.accessToken);
    // The emulator rotates refresh tokens, as IAM Identity Center does.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after).toMatchObject({
      startUrl: before.startUrl,
      region: before.region,
      clientId: before.clientId,
      clientSecret: before.clientSecret,
      registrationExpiresAt: before.registrationExpiresAt,
    });
    expect(after.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(after.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    if (python) expect(pythonRewrite(text)).toBe(text);
    // The new token is one the service issued.
    const portal = await fetch(`${emulator.endpoint}/assignment/accounts?max_result=10`, {
      headers: { 'x-amz-sso_bearer_token': after.accessToken },
    });
    expect(portal.status).toBe(200);
  });

  it('a refresh that fails keeps a token that has not expired; once expired it is sso-expired', async () => {
    useEmptyProcessHome();
    // A refresh token the service does not know: CreateToken answers InvalidGrantException.
    await handWritten('stale', { expiresAt: inMinutes(2), refreshToken: 'aor-unknown' });
    const fresh = await createAwsContext({ profile: 'stale', env, endpointUrl: emulator.endpoint });
    expect((await fresh.credentials()).accessKeyId).toMatch(/^ASIA/);
    expect(JSON.parse(readFileSync(join(cacheDir(), `${sha1('stale')}.json`), 'utf8'))).toMatchObject({
      accessToken: 'aoa-hand-written-token',
      refreshToken: 'aor-unknown',
    });
    await handWritten('stale', { expiresAt: inMinutes(-1), refreshToken: 'aor-unknown' });
    const later = await createAwsContext({ profile: 'stale', env, endpointUrl: emulator.endpoint });
    expect(await failure(later.credentials())).toMatchObject({
      name: 'AwsError',
      code: 'sso-expired',
      profile: 'stale',
      message: 'the SSO token of profile stale is missing or has expired',
    });
  });

  it('an expired legacy token, a missing one, or one the portal refuses is sso-expired naming the SSO profile', async () => {
    useEmptyProcessHome();
    await handWritten('legacy', { expiresAt: inMinutes(-10) });
    const cases: Array<[profile: string, ssoProfile: string]> = [
      ['legacy', 'legacy'],
      ['over-legacy', 'legacy'],
      ['never', 'never'],
      ['refused', 'refused'],
    ];
    // The emulator's portal refuses tokens starting with "expired" (UnauthorizedException).
    await handWritten('refused', { expiresAt: inMinutes(600), accessToken: 'expired-by-the-portal' });
    for (const [profile, ssoProfile] of cases) {
      const context = await createAwsContext({ profile, env, endpointUrl: emulator.endpoint });
      expect(await failure(callerIdentity(context)), profile).toMatchObject({
        code: 'sso-expired',
        profile: ssoProfile,
        message: `the SSO token of profile ${ssoProfile} is missing or has expired`,
      });
    }
  });

  it('profiles that cannot work say what is wrong', async () => {
    const noRole = await createAwsContext({ profile: 'no-role', env });
    expect(await failure(noRole.credentials())).toMatchObject({
      code: 'config-invalid',
      message: 'profile no-role has no sso_role_name',
    });
    const conflicting = await createAwsContext({ profile: 'conflicting', env });
    expect(await failure(conflicting.credentials())).toMatchObject({
      code: 'config-invalid',
      message:
        'profile conflicting has sso_start_url https://elsewhere.awsapps.com/start, but its [sso-session corp] says https://corp.awsapps.com/start',
    });
  });
});
