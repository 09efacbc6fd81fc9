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

  it('works the grid by keyboard: arrows move between rows, Enter opens a shell', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Instances' }).click();
    await page.getByRole('searchbox', { name: 'Search instances' }).focus();
    await page.keyboard.press('Escape');
    // Tab from the filters reaches the grid's header, then its one focusable row.
    const firstRow = page.getByRole('row', { name: 'bastion' });
    await firstRow.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('db-primary');
    await page.keyboard.press('End');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('win-app');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('web-1');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'web-1', selected: true }).waitFor();
  });
});
