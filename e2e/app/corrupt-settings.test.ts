import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import { showView } from './support/workspace-page.js';

const GARBAGE = '{"version": 2, "data": {"theme": "dark", \u0000 this is not JSON';

describe('a corrupt settings file (issue 10 §5 h)', () => {
  let app: AppHarness | undefined;
  let userData: string | undefined;
  afterAll(async () => {
    await app?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('h: the app starts, says so, and keeps the broken file beside the new one', async () => {
    userData = await mkdtemp(join(tmpdir(), 'ssm-desk-e2e-corrupt-'));
    await writeFile(join(userData, 'settings.json'), GARBAGE);
    app = await AppHarness.start({ userDataDir: userData });
    const { page } = app;

    // It starts and works: the instances are listed with the default settings.
    await waitForRows(page, ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app']);
    // It says so, and the notice stays until dismissed.
    const notice = page.getByRole('status').filter({ hasText: 'settings.json could not be read' });
    await notice.waitFor();
    const text = await notice.innerText();
    const keptAs = /kept as (\S+?settings\.json\.corrupt-\S+?) and defaults are used/.exec(text)?.[1];
    expect(keptAs).toBeDefined();

    // The broken file is kept, byte for byte, beside the new one the next change writes.
    await showView(page, 'Settings');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const folder = userData;
    await expect
      .poll(async () => (await readdir(folder)).filter((name) => name.startsWith('settings.json')).sort())
      .toEqual(['settings.json', expect.stringMatching(/^settings\.json\.corrupt-/)]);
    const kept = (await readdir(folder)).find((name) => name.startsWith('settings.json.corrupt-')) ?? '';
    expect(keptAs?.endsWith(kept)).toBe(true);
    expect(await readFile(join(folder, kept), 'utf8')).toBe(GARBAGE);
    const fresh = JSON.parse(await readFile(join(folder, 'settings.json'), 'utf8')) as {
      data: { theme: string };
    };
    expect(fresh.data.theme).toBe('dark');

    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).first().click();
    await expect.poll(() => notice.count()).toBe(0);
  });
});
