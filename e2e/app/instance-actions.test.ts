import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';

describe('row actions: forward a port, run a command, copy (issue 9 §2)', () => {
  let app: AppHarness;
  let web: Server;
  let webPort = 0;
  beforeAll(async () => {
    web = createServer((_request, response) => response.end('hello through the tunnel'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    webPort = (web.address() as AddressInfo).port;
    app = await AppHarness.start({ clipboard: true });
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => web?.close(resolve));
  });

  it('runs a command on one instance and shows its output and exit code', async () => {
    const { page } = app;
    await page.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Run command' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run a command on web-1' });
    await dialog.getByRole('textbox', { name: 'Command' }).fill('echo run-$((6*7)); exit 3');
    await dialog.getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => dialog.getByRole('status').innerText(), { timeout: 20_000 })
      .toMatch(/Exit code 3/);
    await expect.poll(() => dialog.getByLabel('Output').innerText()).toMatch(/^run-42$/m);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('says a local port is taken before starting, then forwards through the instance', async () => {
    const { page } = app;
    await page.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Forward port' }).click();
    const dialog = page.getByRole('dialog', { name: 'Forward a port through web-1' });
    await dialog.getByRole('textbox', { name: 'Remote port' }).fill(String(webPort));
    // The web server's own port is taken: said on leaving the field.
    await dialog.getByRole('textbox', { name: 'Local port' }).fill(String(webPort));
    await dialog.getByRole('textbox', { name: 'Remote host' }).focus();
    await expect.poll(() => dialog.innerText()).toMatch(new RegExp(`Port ${webPort} is in use`));
    await dialog.getByRole('textbox', { name: 'Local port' }).fill('');
    await dialog.getByRole('button', { name: 'Start forwarding' }).click();

    const result = page.getByRole('dialog', { name: 'Forwarding to web-1' });
    await expect
      .poll(() => result.getByRole('status').innerText(), { timeout: 20_000 })
      .toMatch(/Forwarding/);
    const address = (await result.locator('.tunnel-facts dd').first().innerText()).trim();
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const response = await fetch(`http://${address}/`);
    expect(await response.text()).toBe('hello through the tunnel');

    await result.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => result.getByRole('status').innerText()).toMatch(/Stopped/);
    await result.getByRole('button', { name: 'Done' }).click();
  });

  it('copies the instance id and an ssh config entry', async () => {
    const { page } = app;
    const row = page.getByRole('row', { name: 'web-2' });
    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Copy instance ID' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('i-0b2c3d4e5f6071829');

    await row.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Copy SSH config entry' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^Host .+/m);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('i-0b2c3d4e5f6071829');
  });

  it('works the grid by keyboard alone: Tab to the rows, arrows to move and sort, Enter for a shell', async () => {
    const { page } = app;
    const focused = (): Promise<string | null | undefined> =>
      page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
      );
    await page.keyboard.press('Control+Shift+1');
    await page.keyboard.press('/');
    expect(await focused()).toBe('Search instances');
    // From the search field, Tab goes through the filters and Refresh to the grid's one row stop
    // (the row last used, or the first); Home goes to the first row.
    const onRow = (): Promise<boolean> =>
      page.evaluate(() => document.activeElement?.getAttribute('role') === 'row');
    for (let presses = 0; presses < 8 && !(await onRow()); presses++) await page.keyboard.press('Tab');
    expect(await onRow()).toBe(true);
    await page.keyboard.press('Home');
    expect(await focused()).toBe('bastion');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('db-primary');
    await page.keyboard.press('End');
    expect(await focused()).toBe('win-app');
    await page.keyboard.press('Home');
    // Up from the first row reaches the sorted column's header; right moves to the next column.
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe('Name');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Instance ID');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('columnheader', { name: 'Instance ID' }).getAttribute('aria-sort'))
      .toBe('ascending');
    // Sorted by id, the first row is eu-api (i-0718…); Down goes back to the rows.
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe('eu-api');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'eu-api', selected: true }).waitFor();
  });
});
