import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import type { ProfileIdentity, SsoLogin } from '../../../src-shared/model/identity.js';
import { Emulator } from '../../emulator/index.js';
import { AppCore } from './app-core.js';
import { cores, startCore, TestView } from './__fixtures__/test-view.js';

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

describe('identity, databases and sign-in through the core', () => {
  it('tells who the emulator profile is and lists its RDS databases', async () => {
    const view = new TestView(await startCore());
    const identity = (await view.call('profiles.identity', {
      profile: EMULATOR_PROFILE_ID,
    })) as ProfileIdentity;
    expect(identity).toMatchObject({ profile: EMULATOR_PROFILE_ID, account: '123456789012' });
    expect(identity.error).toBeUndefined();
    const { databases, errors } = (await view.call('databases.list')) as {
      databases: Array<{ identifier: string; profile: string; endpoint: string; port: number }>;
      errors: unknown[];
    };
    expect(errors).toEqual([]);
    expect(databases.length).toBeGreaterThanOrEqual(3);
    expect(databases.every((db) => db.profile === EMULATOR_PROFILE_ID && db.endpoint.length > 0)).toBe(true);
    await expect(view.call('profiles.identity', { profile: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  describe('with AWS profiles on an emulator of their own', () => {
    let emulator: Emulator;
    let home: string;
    const previousSts = process.env.AWS_ENDPOINT_URL_STS;

    beforeAll(async () => {
      emulator = await Emulator.start();
      home = await mkdtemp(join(tmpdir(), 'identity-home-'));
      await mkdir(join(home, '.aws'), { recursive: true });
      await writeFile(
        join(home, '.aws', 'config'),
        [
          '[profile base]',
          'region = us-east-1',
          `endpoint_url = ${emulator.endpoint}`,
          '[profile admin]',
          'role_arn = arn:aws:iam::111122223333:role/DeployMfaAdmin',
          'source_profile = base',
          'mfa_serial = arn:aws:iam::111122223333:mfa/me',
          'region = us-east-1',
          `endpoint_url = ${emulator.endpoint}`,
          '[profile sso-dev]',
          'sso_session = dev',
          'sso_account_id = 123456789012',
          'sso_role_name = ReadOnly',
          'region = us-east-1',
          '[sso-session dev]',
          'sso_start_url = https://dev-sign-in.awsapps.com/start',
          'sso_region = us-east-1',
          '',
        ].join('\n'),
      );
      await writeFile(
        join(home, '.aws', 'credentials'),
        '[base]\naws_access_key_id = AKIAIDENTITYTEST0001\naws_secret_access_key = identity-test-secret-key-0000000000000000\n',
      );
      // Assuming a role reaches STS through the SDK's own client, which reads process.env.
      process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
    });
    afterAll(async () => {
      if (previousSts === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = previousSts;
      await emulator?.close();
    });

    async function core(): Promise<AppCore> {
      const started = await AppCore.create({
        mode: 'browser',
        userDataDir: await mkdtemp(join(tmpdir(), 'identity-data-')),
        env: {
          HOME: home,
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
        },
        openExternal: async () => undefined,
      });
      cores.push(started);
      return started;
    }

    it('asks every view for an MFA code when a role needs one, and signs in with the answer', async () => {
      const view = new TestView(await core());
      const profiles = (await view.call('profiles.list')) as Array<{
        id: string;
        needsMfa: boolean;
        kind: string;
      }>;
      expect(profiles.find((p) => p.id === 'admin')).toMatchObject({ needsMfa: true, kind: 'assume-role' });
      const asking = view.call('profiles.identity', { profile: 'admin' });
      const question = await view.next('mfa.request', (q) => q.profile === 'admin');
      expect(question.serial).toBe('arn:aws:iam::111122223333:mfa/me');
      await expect(
        view.call('mfa.answer', { requestId: question.requestId, code: '12345' }),
      ).rejects.toMatchObject({
        code: 'invalid-params',
      });
      await view.call('mfa.answer', { requestId: question.requestId, code: '123456' });
      await view.next('mfa.settled', (s) => s.requestId === question.requestId);
      const identity = (await asking) as ProfileIdentity;
      expect(identity.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/DeployMfaAdmin\//);
      expect(identity.expiresAt).toBeGreaterThan(Date.now());
    });

    it('says what to do for a cancelled MFA question', async () => {
      const view = new TestView(await core());
      const asking = view.call('profiles.identity', { profile: 'admin' });
      const question = await view.next('mfa.request', (q) => q.profile === 'admin');
      await view.call('mfa.cancel', { requestId: question.requestId });
      const identity = (await asking) as ProfileIdentity;
      expect(identity.error).toBeDefined();
      expect(identity.account).toBeUndefined();
    });

    it('signs an SSO profile in by device authorization and writes the AWS CLI token cache', async () => {
      const view = new TestView(await core());
      const before = (await view.call('profiles.identity', { profile: 'sso-dev' })) as ProfileIdentity;
      expect(before.error?.code).toBe('sso-expired');
      const login = (await view.call('sso.login', { profile: 'sso-dev' })) as SsoLogin;
      expect(login).toMatchObject({
        state: 'waiting',
        userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
      });
      expect(login.verificationUriComplete).toBe(
        `${emulator.endpoint}/sso/verify?user_code=${login.userCode}`,
      );
      expect(emulator.decideDeviceAuthorization(login.userCode as string, 'approve')).toBe(true);
      const done = await view.next(
        'sso.changed',
        (l) => l.loginId === login.loginId && l.state !== 'waiting',
      );
      expect(done.state).toBe('done');
      const cache = join(
        home,
        '.aws',
        'sso',
        'cache',
        `${createHash('sha1').update('dev').digest('hex')}.json`,
      );
      const token = JSON.parse(await readFile(cache, 'utf8')) as Record<string, string>;
      expect(token).toMatchObject({ startUrl: 'https://dev-sign-in.awsapps.com/start', region: 'us-east-1' });
      // Nothing of the token crossed to the view.
      const events = JSON.stringify(view.events);
      for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) {
        expect(events.includes(secret as string)).toBe(false);
      }
    });
  });
});
