import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src-main/emulator/index.js';
import { findAwsClis, REPO_ROOT } from '../support/aws-cli.js';
import { launchChromium } from '../support/chromium.js';
import { cliHome, type CliHome } from '../support/cli-env.js';
import { makeTestCertificates } from '../support/connect-proxy.js';
import { BackgroundCommand } from '../support/port-tools.js';
import { skipUnless } from '../support/skip.js';
import { approveOnVerificationPage, RedirectingProxy, SSO_AWS_HOSTS } from '../support/sso-browser.js';

const LAUNCHER = join(REPO_ROOT, 'dist', 'src-main', 'app', 'launch.js');
const v2 = findAwsClis().find((cli) => cli.label === 'v2');
const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/**
 * Issue 10 §5 d. The app runs as `npm start` runs it (the launcher in browser mode, a process of its
 * own), because the SDK's IAM Identity Center portal client trusts Node's certificate store only:
 * the emulator's throwaway CA goes in through NODE_EXTRA_CA_CERTS, which only a new process reads.
 */
describe(
  'IAM Identity Center sign-in in the app (issue 10 §5 d)',
  skipUnless(v2 !== undefined, 'needs the AWS CLI v2 (/usr/bin/aws)'),
  () => {
    let emulator: Emulator;
    let proxy: RedirectingProxy;
    let ca: Buffer;
    let home: CliHome;
    let app: BackgroundCommand;
    let browser: Browser;
    let page: Page;
    let opened: string;
    let awsEnv: NodeJS.ProcessEnv;
    const tokenFile = (): string => join(home.home, '.aws', 'sso', 'cache', `${sha1('e2e-expired')}.json`);

    beforeAll(async () => {
      const certs = makeTestCertificates(SSO_AWS_HOSTS);
      ca = readFileSync(certs.caPath);
      emulator = await Emulator.start({ tls: { cert: certs.cert, key: certs.key } });
      proxy = await RedirectingProxy.start(emulator.port);
      // Profiles of every kind; sso-expired's cached token expired an hour ago (support/cli-env.ts).
      home = cliHome(emulator.endpoint);
      // The "system browser": a stand-in for xdg-open that writes down what it was asked to open.
      opened = join(home.home, 'opened.log');
      const bin = join(home.home, 'bin');
      const xdgOpen = join(bin, 'xdg-open');
      mkdirSync(bin, { recursive: true });
      writeFileSync(xdgOpen, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
      chmodSync(xdgOpen, 0o755);
      app = new BackgroundCommand(process.execPath, [LAUNCHER, '--browser', '--no-open'], {
        ...home.env,
        PATH: `${bin}:${home.env.PATH ?? ''}`,
        DISPLAY: ':99',
        // Every AWS call of the app to the emulator (SSM, EC2, STS, the portal, OIDC), over TLS.
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_ENDPOINT_URL_SSO_OIDC: emulator.endpoint,
        AWS_CA_BUNDLE: certs.caPath,
        NODE_EXTRA_CA_CERTS: certs.caPath,
        SSM_DESK_USER_DATA: join(home.home, 'user-data'),
      });
      const [url] = await app.waitFor(/^http:\/\/127\.0\.0\.1:\d+\/\S*$/m, 60_000);
      browser = await launchChromium({ args: ['--disable-webgl', '--disable-3d-apis'] });
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        reducedMotion: 'reduce',
      });
      page = await context.newPage();
      await page.goto(url);
      awsEnv = {
        PATH: process.env.PATH,
        HOME: home.home,
        LANG: 'C.UTF-8',
        AWS_CONFIG_FILE: home.env.AWS_CONFIG_FILE,
        AWS_SHARED_CREDENTIALS_FILE: home.env.AWS_SHARED_CREDENTIALS_FILE,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_PAGER: '',
        // Debian's AWS CLI 2.9 knows no AWS_ENDPOINT_URL_*: the real AWS hosts lead to the emulator.
        HTTPS_PROXY: proxy.url,
        AWS_CA_BUNDLE: certs.caPath,
        PYTHONUNBUFFERED: '1',
      };
    });
    afterAll(async () => {
      await browser?.close();
      if (app) {
        app.child.kill('SIGTERM');
        await app.exited;
      }
      await proxy?.close();
      await emulator?.close();
    });

    it('d: an expired token → the code in a dialog, approved on the verification page → the token cache for the AWS CLI, the instances listed; aws v2 then uses that sign-in', async () => {
      const before = readFileSync(tokenFile(), 'utf8');
      // The profile's region fails for want of a sign-in, and offers one; the others list.
      const scope = page
        .getByRole('list', { name: 'Profiles and regions' })
        .getByRole('listitem')
        .filter({ hasText: 'sso-expired' });
      await expect
        .poll(() => scope.innerText(), { timeout: 30_000 })
        .toMatch(/IAM Identity Center sign-in has expired/);
      await scope.getByRole('button', { name: 'Sign in' }).click();

      const dialog = page.getByRole('dialog', { name: 'Sign in: sso-expired' });
      const code = dialog.getByRole('status', { name: 'Code' });
      await expect.poll(() => code.innerText(), { timeout: 30_000 }).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      const userCode = (await code.innerText()).trim();
      const link = dialog.getByRole('link', { name: 'Open verification page' });
      const verification = (await link.getAttribute('href')) ?? '';
      expect(verification).toBe(`${emulator.endpoint}/sso/verify?user_code=${userCode}`);
      // The core opened the page in the system browser when the code came; the link opens it again
      // there (app.openExternal), never inside the app.
      const openings = (): string[] =>
        existsSync(opened) ? readFileSync(opened, 'utf8').split('\n').filter(Boolean) : [];
      await expect.poll(openings).toEqual([verification]);
      await link.click();
      await expect.poll(openings).toEqual([verification, verification]);
      expect(page.url()).not.toContain('/sso/verify');

      // The user, in that browser: the page shows the same code; Approve.
      const { page: html, approved } = await approveOnVerificationPage(verification, emulator.endpoint, ca);
      expect(html).toContain(userCode);
      expect(approved).toBe(true);
      await dialog.getByText('Signed in. The AWS CLI uses the same sign-in.').waitFor({ timeout: 30_000 });

      // The token cache is where the AWS CLI looks, renewed.
      const token = JSON.parse(readFileSync(tokenFile(), 'utf8')) as Record<string, string>;
      expect(readFileSync(tokenFile(), 'utf8')).not.toBe(before);
      expect(token).toMatchObject({ startUrl: 'https://e2e-expired.awsapps.com/start', region: 'us-east-1' });
      expect(Date.parse(token.expiresAt ?? '')).toBeGreaterThan(Date.now());
      // Nothing of the token reached the page.
      const dom = await page.content();
      for (const secret of [token.accessToken, token.refreshToken, token.clientSecret]) {
        expect(dom.includes(secret ?? '-')).toBe(false);
      }
      await dialog.getByRole('button', { name: 'Done' }).click();

      // The profile's instances are listed now.
      await expect.poll(() => scope.innerText(), { timeout: 30_000 }).toMatch(/us-east-1 · sso-expired\s*5$/);
      await expect
        .poll(() => page.getByRole('grid', { name: 'Instances' }).getByRole('row', { name: 'web-1' }).count())
        .toBeGreaterThan(1);

      // The AWS CLI v2 uses the same cached token: no sign-in asked (no OIDC call), role credentials got.
      proxy.targets.length = 0;
      const whoami = new BackgroundCommand(
        v2?.path ?? 'aws',
        ['sts', 'get-caller-identity', '--profile', 'sso-expired', '--output', 'json'],
        awsEnv,
      );
      expect(await whoami.exited, whoami.text).toBe(0);
      expect((JSON.parse(whoami.text) as { Arn: string }).Arn).toMatch(
        /^arn:aws:sts::123456789012:assumed-role\/AWSReservedSSO_E2EReadOnly_[0-9a-f]{16}\//,
      );
      expect(proxy.targets).toContain('portal.sso.us-east-1.amazonaws.com:443');
      expect(proxy.targets).not.toContain('oidc.us-east-1.amazonaws.com:443');
    });
  },
);
