import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../src-main/emulator/index.js';
import { findAwsClis } from './support/aws-cli.js';
import { CLI_MAIN, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { makeTestCertificates } from './support/connect-proxy.js';
import { BackgroundCommand } from './support/port-tools.js';
import { RedirectingProxy, SSO_AWS_HOSTS, approveOnVerificationPage } from './support/sso-browser.js';

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');
const v2 = findAwsClis().find((cli) => cli.label === 'v2');
const v1 = findAwsClis().find((cli) => cli.label === 'v1');

/** The prompt's page and code, as `ssm-desk login` prints them. */
const PROMPT = /shows the code ([A-Z]{4}-[A-Z]{4}):\n\n {2}(https:\/\/\S+)\n/;

// Issue 10 §2: `ssm-desk login` signs an SSO profile in against the emulator's IAM Identity Center,
// the token cache appears where the AWS CLI looks, and both ssm-desk and the real AWS CLI v2 then
// use that one sign-in.
describe('ssm-desk login (IAM Identity Center device authorization)', () => {
  let emulator: Emulator;
  let proxy: RedirectingProxy;
  let ca: Buffer;
  let home: CliHome;
  /** ssm-desk's environment: the emulator by its own address (AWS_ENDPOINT_URL_*), trusted through the CA. */
  let env: NodeJS.ProcessEnv;
  /** The AWS CLI's: Debian's 2.9 knows no AWS_ENDPOINT_URL_*, so the real AWS hosts lead to the emulator. */
  let awsEnv: NodeJS.ProcessEnv;
  let browserLog: string;
  const tokenFile = (): string => join(home.home, '.aws', 'sso', 'cache', `${sha1('e2e-expired')}.json`);
  const running: BackgroundCommand[] = [];

  const login = (args: string[] = [], extra: NodeJS.ProcessEnv = {}): BackgroundCommand => {
    const command = new BackgroundCommand(
      process.execPath,
      [CLI_MAIN, 'login', '--profile', 'sso-expired', ...args],
      { ...env, ...extra },
    );
    running.push(command);
    return command;
  };

  beforeAll(async () => {
    const certs = makeTestCertificates(SSO_AWS_HOSTS);
    ca = readFileSync(certs.caPath);
    emulator = await Emulator.start({ tls: { cert: certs.cert, key: certs.key } });
    proxy = await RedirectingProxy.start(emulator.port);
    // The profile sso-expired has a token that expired an hour ago (support/cli-env.ts).
    home = cliHome(emulator.endpoint);
    browserLog = join(home.home, 'browser.log');
    const browser = join(home.home, 'fake-browser.sh');
    writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${browserLog}'\n`);
    chmodSync(browser, 0o755);
    env = {
      ...home.env,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
      AWS_CA_BUNDLE: certs.caPath,
      // The SDK's own SSO client (role credentials from the portal) trusts Node's CAs, not AWS_CA_BUNDLE.
      NODE_EXTRA_CA_CERTS: certs.caPath,
      BROWSER: browser,
    };
    awsEnv = {
      PATH: process.env.PATH,
      HOME: home.home,
      LANG: 'C.UTF-8',
      AWS_CONFIG_FILE: home.env.AWS_CONFIG_FILE,
      AWS_SHARED_CREDENTIALS_FILE: home.env.AWS_SHARED_CREDENTIALS_FILE,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      HTTPS_PROXY: proxy.url,
      AWS_CA_BUNDLE: certs.caPath,
      PYTHONUNBUFFERED: '1',
    };
  });
  afterAll(async () => {
    for (const command of running) command.kill();
    await proxy?.close();
    await emulator?.close();
  });

  it('before: the expired token makes ls fail with the line that says to run ssm-desk login', async () => {
    const result = await runCli(['ls', '--profile', 'sso-expired', '--endpoint-url', emulator.endpoint], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run "ssm-desk login --profile sso-expired"');
  });

  it('prints the page and code, opens the browser on it, and writes the cache once the code is approved', async () => {
    const before = readFileSync(tokenFile(), 'utf8');
    // debug: the SDK's requests and answers go to the log too, which the last test searches for secrets.
    const command = login(['--log-level', 'debug']);
    const [, userCode, page] = await command.waitFor(PROMPT);
    expect(page).toBe(`${emulator.endpoint}/sso/verify?user_code=${userCode}`);
    await command.waitFor(/A browser was opened on it\. Waiting for the approval .*Ctrl-C to cancel/);
    expect(readFileSync(browserLog, 'utf8')).toBe(`${page}\n`);

    // The user, in that browser: the page shows the code; Approve.
    const { page: html, approved } = await approveOnVerificationPage(page!, emulator.endpoint, ca);
    expect(html).toContain(userCode);
    expect(approved).toBe(true);

    expect(await command.exited, command.text).toBe(0);
    expect(command.text).toMatch(
      new RegExp(
        `Signed in: profile sso-expired until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. The token is in ~/\\.aws/sso/cache/${sha1('e2e-expired')}\\.json, where the AWS CLI finds it too\\.\\n`,
      ),
    );
    const text = readFileSync(tokenFile(), 'utf8');
    expect(text).not.toBe(before);
    const token = JSON.parse(text) as Record<string, string>;
    expect(token).toEqual({
      startUrl: 'https://e2e-expired.awsapps.com/start',
      region: 'us-east-1',
      accessToken: expect.stringMatching(/^aoa/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      registrationExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      refreshToken: expect.stringMatching(/^aor/),
    });
    expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
    // Nothing secret was printed.
    for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) {
      expect(command.text).not.toContain(secret);
    }
  });

  it('then ssm-desk uses the new token: ls lists the instances', async () => {
    const result = await runCli(
      ['ls', '--profile', 'sso-expired', '--endpoint-url', emulator.endpoint, '--region', 'us-east-1'],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('web-1');
  });

  it.skipIf(!v2)('and the AWS CLI v2 uses the same cached token without asking again', async () => {
    proxy.targets.length = 0;
    const whoami = new BackgroundCommand(
      v2!.path,
      ['sts', 'get-caller-identity', '--profile', 'sso-expired', '--output', 'json'],
      awsEnv,
    );
    running.push(whoami);
    expect(await whoami.exited, whoami.text).toBe(0);
    const identity = JSON.parse(whoami.text) as { Arn: string };
    expect(identity.Arn).toMatch(
      /^arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_E2EReadOnly_[0-9a-f]{16}\//,
    );
    // Role credentials from the portal with our token; no sign-in (OIDC) on the way.
    expect(proxy.targets).toContain('portal.sso.us-east-1.amazonaws.com:443');
    expect(proxy.targets).not.toContain('oidc.us-east-1.amazonaws.com:443');
  });

  it.skipIf(!v1)(
    'and the AWS CLI v1 (a newer botocore, which takes AWS_ENDPOINT_URL_*) reads it too',
    async () => {
      const whoami = new BackgroundCommand(
        v1!.path,
        ['sts', 'get-caller-identity', '--profile', 'sso-expired', '--output', 'json'],
        {
          ...Object.fromEntries(Object.entries(awsEnv).filter(([name]) => name !== 'HTTPS_PROXY')),
          AWS_ENDPOINT_URL_SSO: emulator.endpoint,
          AWS_ENDPOINT_URL_STS: emulator.endpoint,
          AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
        },
      );
      running.push(whoami);
      expect(await whoami.exited, whoami.text).toBe(0);
      expect((JSON.parse(whoami.text) as { Arn: string }).Arn).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_E2EReadOnly_[0-9a-f]{16}\//,
      );
    },
  );

  it.skipIf(!v2)(
    "aws sso login reuses the client registration ssm-desk cached, under botocore's key",
    async () => {
      const ours = JSON.parse(readFileSync(tokenFile(), 'utf8')) as Record<string, string>;
      const cacheFiles = readdirSync(join(home.home, '.aws', 'sso', 'cache')).length;
      const awsLogin = new BackgroundCommand(
        v2!.path,
        ['sso', 'login', '--profile', 'sso-expired', '--no-browser'],
        awsEnv,
      );
      running.push(awsLogin);
      const [, completeUrl] = await awsLogin.waitFor(
        /(https:\/\/\S+\/sso\/verify\?user_code=[A-Z]{4}-[A-Z]{4})/,
        60_000,
      );
      expect((await approveOnVerificationPage(completeUrl!, emulator.endpoint, ca)).approved).toBe(true);
      expect(await awsLogin.exited, awsLogin.text).toBe(0);
      const theirs = JSON.parse(readFileSync(tokenFile(), 'utf8')) as Record<string, string>;
      expect(theirs.accessToken).not.toBe(ours.accessToken);
      expect([theirs.clientId, theirs.clientSecret, theirs.registrationExpiresAt]).toEqual([
        ours.clientId,
        ours.clientSecret,
        ours.registrationExpiresAt,
      ]);
      // No second registration file: the CLI found ours.
      expect(readdirSync(join(home.home, '.aws', 'sso', 'cache'))).toHaveLength(cacheFiles);
    },
  );

  it('Ctrl-C while waiting cancels: exit 130, one line, the cache untouched', async () => {
    const before = readFileSync(tokenFile(), 'utf8');
    const command = login(['--no-browser']);
    await command.waitFor(/Open it in a browser, on this or any other device\. Waiting for the approval/);
    expect(await command.interrupt()).toBe(130);
    expect(command.text.trimEnd().split('\n').at(-1)).toBe('ssm-desk: sign-in cancelled');
    expect(readFileSync(tokenFile(), 'utf8')).toBe(before);
  });

  it('a denied code is one line and exit 1; a profile without SSO is one line too', async () => {
    const command = login(['--no-browser']);
    const [, userCode] = await command.waitFor(PROMPT);
    expect(emulator.decideDeviceAuthorization(userCode!, 'deny')).toBe(true);
    expect(await command.exited).toBe(1);
    expect(command.text.trimEnd().split('\n').at(-1)).toBe(
      'ssm-desk: the sign-in for profile sso-expired was denied',
    );

    const notSso = await runCli(['login', '--profile', 'static'], env);
    expect([notSso.code, notSso.stderr]).toEqual([
      1,
      'ssm-desk: profile static does not sign in through IAM Identity Center (it has no sso_session or sso_start_url)\n',
    ]);
    const extra = await runCli(['login', 'extra'], env);
    expect([extra.code, extra.stderr]).toEqual([
      2,
      'ssm-desk: login takes no arguments: ssm-desk login [--profile NAME]\n',
    ]);
  });

  it('the log of these sign-ins (SDK requests and answers included) holds no token or secret', () => {
    const token = JSON.parse(readFileSync(tokenFile(), 'utf8')) as Record<string, string>;
    const log = readdirSync(home.logDir)
      .map((name) => readFileSync(join(home.logDir, name), 'utf8'))
      .join('\n');
    expect(log).toMatch(/login: profile sso-expired signed in until/);
    // The first sign-in ran with --log-level debug: the SDK's OIDC requests and answers are there.
    expect(log).toMatch(/sdk .*CreateTokenCommand/);
    for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) {
      expect(log.includes(secret!)).toBe(false);
    }
    expect(existsSync(join(home.home, '.aws', 'sso', 'cache'))).toBe(true);
  });
});
