import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';

/** The History view's code, as Vite names its chunk (HistoryView-<hash>.js). */
const HISTORY_CHUNK = /\/assets\/HistoryView-[^/]*\.js(\?.*)?$/;

describe('a view that fails is contained', () => {
  let app: AppHarness;

  beforeAll(async () => {
    app = await AppHarness.start();
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('says which view failed, keeps the others working, and a window reload brings it back', async () => {
    const { page } = app;
    // The view's code cannot be loaded (an update replaced the files, a broken disk): the view fails.
    await page.route(HISTORY_CHUNK, (route) => route.abort());
    await page.getByRole('tab', { name: 'History' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The history view could not be shown' });
    await alert.waitFor();
    expect(await page.getByRole('region', { name: 'History' }).count()).toBe(0);

    // The rest of the window is still there and works.
    await page.getByRole('tab', { name: 'Instances' }).click();
    await page.getByRole('row', { name: 'web-2' }).waitFor();
    await page.getByRole('tab', { name: 'Tunnels' }).click();
    await page.getByRole('button', { name: 'New tunnel' }).first().waitFor();

    // With the code reachable again, "Reload window" gives a working History view.
    await page.unroute(HISTORY_CHUNK);
    await page.getByRole('tab', { name: 'History' }).click();
    await alert.getByRole('button', { name: 'Reload window' }).click();
    await page
      .getByRole('row', { name: 'web-1' })
      .or(page.getByRole('tab', { name: 'History' }))
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('region', { name: 'History' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'could not be shown' }).count()).toBe(0);
    expect(app.consoleMessages.some((line) => line.includes('The history view failed'))).toBe(true);
  });
});
