import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../src-main/emulator/index.js';
import { findAwsClis } from './support/aws-cli.js';
import { makeTestCertificates, type TestCertificates } from './support/connect-proxy.js';
import { RedirectingProxy, emulatorRequest } from './support/sso-browser.js';

/** The AWS hosts the CLI talks to for an SSO login and the calls after it, all served by the emulator. */
const AWS_HOSTS = [
  'oidc.us-east-1.amazonaws.com',
  'portal.sso.us-east-1.amazonaws.com',
  'sts.amazonaws.com',
  'sts.us-east-1.amazonaws.com',
];

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
}

function runAws(cli: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(cli, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const v2 = findAwsClis().find((cli) => cli.label === 'v2');

// Issue 10 §2: `aws sso login` (the real AWS CLI v2) completes against the emulator's IAM Identity
// Center when the code is approved on the emulator's verification page, and writes the token cache
// that the CLI and our app then share.
describe.skipIf(!v2)(
  v2 ? `aws sso login with ${v2.version.split(' ')[0]}` : 'aws sso login (skipped: no AWS CLI v2 found)',
  () => {
    let certs: TestCertificates;
    let ca: Buffer;
    let emulator: Emulator;
    let proxy: RedirectingProxy;
    let home: string;
    let env: NodeJS.ProcessEnv;
    const running: ChildProcess[] = [];

    beforeAll(async () => {
      certs = makeTestCertificates(AWS_HOSTS);
      ca = readFileSync(certs.caPath);
      emulator = await Emulator.start({ tls: { cert: certs.cert, key: certs.key } });
      proxy = await RedirectingProxy.start(emulator.port);
      home = mkdtempSync(join(tmpdir(), 'ssm-desk-sso-login-'));
      mkdirSync(join(home, '.aws'));
      writeFileSync(
        join(home, '.aws', 'config'),
        [
          '[profile emu]',
          'sso_session = emu',
          'sso_account_id = 123456789012',
          'sso_role_name = AdministratorAccess',
          'region = us-east-1',
          '[sso-session emu]',
          'sso_start_url = https://emulator.awsapps.com/start',
          'sso_region = us-east-1',
          'sso_registration_scopes = sso:account:access',
          '',
        ].join('\n'),
      );
      env = {
        PATH: process.env.PATH,
        HOME: home,
        LANG: 'C.UTF-8',
        AWS_CONFIG_FILE: join(home, '.aws', 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: certs.caPath,
        // The CLI's prompt must reach the test before the CLI exits.
        PYTHONUNBUFFERED: '1',
      };
    });
    afterAll(async () => {
      for (const child of running) child.kill('SIGKILL');
      await proxy?.close();
      await emulator?.close();
    });

    it('completes once the code is approved on the verification page, and writes the token cache', async () => {
      const login = runAws(v2!.path, ['sso', 'login', '--profile', 'emu', '--no-browser'], env);
      running.push(login.child);
      const prompt = await waitFor(
        () => /(https:\/\/\S+\/sso\/verify\?user_code=([A-Z]{4}-[A-Z]{4}))/.exec(login.output()) ?? undefined,
        60_000,
        `the CLI's verification URL; output so far:\n${login.output()}`,
      );
      const [, completeUrl, userCode] = prompt as unknown as [string, string, string];
      expect(login.output()).toContain(`\n${userCode}\n`);
      expect(completeUrl.startsWith(emulator.endpoint)).toBe(true);

      // As a user in a browser: open the link, see the code, press Approve (a plain form POST).
      const page = await emulatorRequest(completeUrl, ca);
      expect(page.status).toBe(200);
      expect(page.body).toContain(userCode);
      const form = /<form method="post" action="([^"]+)">(.*?)<\/form>/s.exec(page.body);
      expect(form).not.toBeNull();
      const fields = new URLSearchParams();
      for (const [, name, value] of form![2]!.matchAll(
        /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
      )) {
        fields.set(name!, value!);
      }
      fields.set('action', 'approve');
      const approved = await emulatorRequest(`${emulator.endpoint}${form![1]}`, ca, fields);
      expect([approved.status, approved.body.includes('Request approved')]).toEqual([200, true]);

      expect(await login.exited).toBe(0);
      expect(login.output()).toContain(
        'Successfully logged into Start URL: https://emulator.awsapps.com/start',
      );
      // Every call went to the AWS hosts, and the proxy sent them to the emulator.
      expect(new Set(proxy.targets)).toEqual(new Set(['oidc.us-east-1.amazonaws.com:443']));

      // The cache file the AWS CLI (and botocore, and the SDKs) read for this sso-session.
      const cacheFile = join(
        home,
        '.aws',
        'sso',
        'cache',
        `${createHash('sha1').update('emu').digest('hex')}.json`,
      );
      const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>;
      expect(cached).toMatchObject({
        startUrl: 'https://emulator.awsapps.com/start',
        region: 'us-east-1',
        accessToken: expect.stringMatching(/^aoa/),
        refreshToken: expect.stringMatching(/^aor/),
        clientId: expect.any(String),
        clientSecret: expect.any(String),
      });
      expect(Date.parse(cached.expiresAt!)).toBeGreaterThan(Date.now() + 7 * 3600_000);
    });

    it('then the same CLI uses the cached token without asking again: role credentials from the portal', async () => {
      proxy.targets.length = 0;
      const whoami = runAws(
        v2!.path,
        ['sts', 'get-caller-identity', '--profile', 'emu', '--output', 'json'],
        env,
      );
      running.push(whoami.child);
      expect(await whoami.exited, whoami.output()).toBe(0);
      const identity = JSON.parse(whoami.output()) as { Arn: string; UserId: string; Account: string };
      expect(identity.Arn).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/sso-user-[0-9a-f]{6}$/,
      );
      expect(identity.UserId).toMatch(/^AROA[A-Z0-9]{17}:sso-user-[0-9a-f]{6}$/);
      expect(proxy.targets).toContain('portal.sso.us-east-1.amazonaws.com:443');
      expect(proxy.targets).not.toContain('oidc.us-east-1.amazonaws.com:443');
    });
  },
);
