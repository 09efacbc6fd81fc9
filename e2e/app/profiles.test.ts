import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../../src-main/emulator/index.js';
import { AppHarness } from './support/app-harness.js';

/**
 * Profiles and MFA (issue 10 §2): AWS profiles on an emulator of their own, one of them a role that
 * needs an MFA code. The code is asked in a dialog in every open view and closes in all of them
 * once answered in one; the profile's identity then shows.
 */
describe('profiles, identity and MFA codes (issue 10 §2)', () => {
  let emulator: Emulator;
  let home: string;
  let app: AppHarness;
  const previousSts = process.env.AWS_ENDPOINT_URL_STS;

  beforeAll(async () => {
    emulator = await Emulator.start();
    home = await mkdtemp(join(tmpdir(), 'ssm-desk-e2e-mfa-home-'));
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
        '',
      ].join('\n'),
    );
    await writeFile(
      join(home, '.aws', 'credentials'),
      '[base]\naws_access_key_id = AKIAE2EMFATEST000001\naws_secret_access_key = e2e-mfa-test-secret-key-000000000000000\n',
    );
    // Assuming the role goes through the SDK's own STS client, which reads this process's environment
    // (the core runs in it).
    process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
    app = await AppHarness.start({ home });
  });
  afterAll(async () => {
    await app?.close();
    if (previousSts === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = previousSts;
    await emulator?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('asks for the MFA code in every view, closes it everywhere once answered, and the role lists', async () => {
    const { page } = app;
    // Listing the role's instances needs the code: asked at once.
    const dialog = page.getByRole('dialog', { name: 'MFA code for admin' });
    await dialog.waitFor({ timeout: 30_000 });
    expect(await dialog.innerText()).toContain('arn:aws:iam::111122223333:mfa/me');
    // A second window of the app gets the same question.
    const other = await app.context.newPage();
    await other.goto(app.mode.url);
    const otherDialog = other.getByRole('dialog', { name: 'MFA code for admin' });
    await otherDialog.waitFor();

    const field = dialog.getByRole('textbox', { name: 'MFA code' });
    // Focus is in the field; only digits go in, six of them.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe(
      'one-time-code',
    );
    await page.keyboard.type('12ab34');
    expect(await field.inputValue()).toBe('1234');
    expect(await dialog.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);
    await page.keyboard.type('56');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await otherDialog.waitFor({ state: 'detached' });
    await other.close();

    // The role's region lists, beside the base profile's.
    const scopes = page.getByRole('list', { name: 'Profiles and regions' });
    await expect.poll(() => scopes.innerText(), { timeout: 30_000 }).toMatch(/us-east-1 · admin\s*5/);
    await expect.poll(() => scopes.innerText()).toMatch(/us-east-1 · base\s*5/);
    // The code is nowhere in the page.
    expect(await page.content()).not.toContain('123456');

    // Who the role is, checked from the profiles dialog.
    await page.getByRole('button', { name: /^Profile: / }).click();
    const profiles = page.getByRole('dialog', { name: 'Profiles and sign-in' });
    const admin = profiles.getByRole('listitem', { name: 'admin' });
    await admin.getByRole('button', { name: 'Check admin' }).click();
    await expect
      .poll(() => admin.innerText(), { timeout: 30_000 })
      .toMatch(/111122223333 · assumed-role\/DeployMfaAdmin\/\S+ · credentials expire in \d+ min/);
    // No second code was needed: the answered one is still in force.
    expect(await page.getByRole('dialog', { name: 'MFA code for admin' }).count()).toBe(0);
    await profiles.getByRole('button', { name: 'Close' }).click();
  });
});
