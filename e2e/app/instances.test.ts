import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';
import { instanceGrid, rowNames, waitForRows } from './support/instances-page.js';

const ALL = ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app'];
const US_EAST = ['bastion', 'batch-worker', 'db-primary', 'web-1', 'web-2'];

describe('the instance browser (issue 9 §3a)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists the emulator's instances from us-east-1 and eu-west-1, named by their Name tag", async () => {
    const { page } = app;
    await waitForRows(page, ALL);
    const scopes = page.getByRole('list', { name: 'Profiles and regions' });
    await expect
      .poll(() => scopes.getByRole('listitem').allInnerTexts())
      .toEqual([
        expect.stringMatching(/us-east-1 · Local emulator\s*5/),
        expect.stringMatching(/eu-west-1 · Local emulator\s*2/),
      ]);
    const web1 = page.getByRole('row', { name: 'web-1' });
    await expect.poll(() => web1.innerText()).toMatch(/i-0a1b2c3d4e5f60718[\s\S]*running[\s\S]*Online/);
    for (const action of ['Open shell', 'Forward port', 'Run command']) {
      expect(await web1.getByRole('button', { name: action, exact: true }).count()).toBe(1);
    }
    expect(await page.getByRole('row', { name: 'eu-api' }).innerText()).toContain('eu-west-1');
  });

  it('narrows the list by search, by a filter and by a tag, and sorts by a column', async () => {
    const { page } = app;
    await waitForRows(page, ALL);
    const search = page.getByRole('searchbox', { name: 'Search instances' });

    await search.fill('web');
    await waitForRows(page, ['web-1', 'web-2']);
    await search.fill('eu-west-1');
    await waitForRows(page, ['eu-api', 'win-app']);
    await search.fill('role=db');
    await waitForRows(page, ['db-primary']);
    await search.fill('');
    await waitForRows(page, ALL);

    await page.getByRole('combobox', { name: 'Ping status' }).selectOption('ConnectionLost');
    await waitForRows(page, ['batch-worker']);
    await page.getByRole('combobox', { name: 'Ping status' }).selectOption('all');
    await page.getByRole('combobox', { name: 'Platform' }).selectOption('Windows');
    await waitForRows(page, ['win-app']);
    await page.getByRole('combobox', { name: 'Platform' }).selectOption('all');
    await page.getByRole('combobox', { name: 'Tag' }).selectOption('Role=web');
    await waitForRows(page, ['web-1', 'web-2']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await waitForRows(page, ALL);

    const nameHeader = page.getByRole('columnheader', { name: 'Name' });
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await nameHeader.getByRole('button').click();
    await waitForRows(page, [...ALL].reverse());
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');

    // Agent version, oldest first: 2.3 (bastion), 3.0 (db-primary), 3.1 (web-2), then the 3.3s by name.
    await page.getByRole('columnheader', { name: 'Agent' }).getByRole('button').click();
    const byAgent = await rowNames(page);
    expect(byAgent.slice(0, 3)).toEqual(['bastion', 'db-primary', 'web-2']);
    await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click();
    await waitForRows(page, ALL);
  });

  it('pins a favourite on top and keeps it there after a reload', async () => {
    const { page } = app;
    await waitForRows(page, ALL);
    const row = page.getByRole('row', { name: 'win-app' });
    await row.getByRole('button', { name: 'Favourite' }).click();
    await waitForRows(page, ['win-app', ...ALL.filter((name) => name !== 'win-app')]);
    expect(await row.getByRole('button', { name: 'Favourite' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await waitForRows(page, ['win-app', ...ALL.filter((name) => name !== 'win-app')]);
    await page.getByRole('row', { name: 'win-app' }).getByRole('button', { name: 'Favourite' }).click();
    await waitForRows(page, ALL);
  });

  it('shows a failing region’s error inline while the other region still lists', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    emulator.setRegionFailure('eu-west-1', 'AccessDenied');
    try {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await waitForRows(page, US_EAST);
      const failed = page
        .getByRole('list', { name: 'Profiles and regions' })
        .getByRole('listitem')
        .filter({ hasText: 'eu-west-1' });
      await expect.poll(() => failed.innerText()).toMatch(/Access denied/i);
      expect(await instanceGrid(page).getAttribute('aria-rowcount')).toBe(String(US_EAST.length + 1));

      // Retry once the region answers again: its rows come back.
      emulator.setRegionFailure('eu-west-1', undefined);
      await failed.getByRole('button', { name: 'Retry eu-west-1' }).click();
      await waitForRows(page, ALL);
    } finally {
      emulator.setRegionFailure('eu-west-1', undefined);
    }
  });
});
