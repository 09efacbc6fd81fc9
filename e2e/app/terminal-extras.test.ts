import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppHarness } from './support/app-harness.js';
import { activePanel, PROMPT, typeInto, waitForScreen } from './support/terminal-page.js';

async function openShell(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('row', { name }).getByRole('button', { name: 'Open shell' }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
  await waitForScreen(activePanel(page), PROMPT);
}

/** The selected terminal's size as its status line shows it (columns × rows). */
async function shownSize(page: Page): Promise<{ cols: number; rows: number }> {
  const text = await activePanel(page).locator('.status-size').innerText();
  const [cols, rows] = text.split('×').map(Number);
  return { cols: cols ?? 0, rows: rows ?? 0 };
}

describe('terminal habits: clipboard, zoom, links, encryption, theme', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start({ clipboard: true });
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('copies the selection with Ctrl+Shift+C and pastes with Ctrl+Shift+V', async () => {
    const { page } = app;
    await openShell(page, 'web-1');
    const panel = activePanel(page);
    await typeInto(panel, 'echo copy-$((6*7))-me\n');
    await waitForScreen(panel, /^copy-42-me$/m);
    // A double click selects the word under the pointer (the rows sit under xterm.js's mouse layer).
    const row = await panel
      .locator('.xterm-rows > div')
      .filter({ hasText: /^copy-42-me\s*$/ })
      .boundingBox();
    if (!row) throw new Error('the output row is not on screen');
    await page.mouse.dblclick(row.x + 12, row.y + row.height / 2);
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('copy-42-me');

    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((40+2))'));
    await panel.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+V');
    // The clipboard is read asynchronously: Enter once the pasted line is at the prompt.
    await waitForScreen(panel, /^[#$] echo pasted-\$\(\(40\+2\)\)/m);
    await page.keyboard.press('Enter');
    const screen = await waitForScreen(panel, /^pasted-42$/m);
    expect(screen.match(/^pasted-42$/gm)).toHaveLength(1);
  });

  it('zooms the terminal text with Ctrl+= and Ctrl+-, and resets with Ctrl+0', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await panel.locator('.xterm-helper-textarea').focus();
    const normal = await shownSize(page);
    await page.keyboard.press('Control+Equal');
    await page.keyboard.press('Control+Equal');
    await expect.poll(async () => (await shownSize(page)).cols).toBeLessThan(normal.cols);
    await page.keyboard.press('Control+0');
    await expect.poll(() => shownSize(page)).toEqual(normal);
    await page.keyboard.press('Control+Minus');
    await expect.poll(async () => (await shownSize(page)).cols).toBeGreaterThan(normal.cols);
    await page.keyboard.press('Control+0');
    await expect.poll(() => shownSize(page)).toEqual(normal);
  });

  it('opens a printed web link in the system browser, never in the app’s page', async () => {
    const { page } = app;
    const panel = activePanel(page);
    const url = 'https://example.com/ssm-desk/docs';
    await typeInto(panel, `echo "see ${url}"\n`);
    await waitForScreen(panel, /^see https:\/\/example\.com\/ssm-desk\/docs$/m);
    const row = panel.locator('.xterm-rows > div').filter({ hasText: /^see https/ });
    const box = await row.boundingBox();
    if (!box) throw new Error('the link row is not on screen');
    // Over the link (after "see "), then a click: web-links asks the core to open it.
    const cell = box.height / 1.15;
    await page.mouse.move(box.x + cell * 8, box.y + box.height / 2);
    await page.mouse.move(box.x + cell * 9, box.y + box.height / 2);
    await page.mouse.click(box.x + cell * 9, box.y + box.height / 2);
    await expect.poll(() => app.openedExternally).toEqual([url]);
    expect(new URL(page.url()).origin).toBe(app.mode.origin);
  });

  it('shows a lock on the tab of a KMS-encrypted session', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    emulator.config.preferences.kmsKeyId = 'alias/ssm-desk-e2e';
    try {
      await openShell(page, 'db-primary');
      const tab = page.getByRole('tab', { name: 'db-primary' });
      await expect.poll(() => tab.getAttribute('aria-description')).toMatch(/encrypted with KMS/);
      expect(await page.locator('.tab-active .tab-lock').count()).toBe(1);
      await expect.poll(() => activePanel(page).getByRole('status').innerText()).toMatch(/KMS-encrypted/);
      await typeInto(activePanel(page), 'echo secret-$((6*7))\n');
      await waitForScreen(activePanel(page), /^secret-42$/m);
      // Unencrypted tabs have no lock.
      expect(await page.getByRole('tab', { name: 'web-1' }).getAttribute('aria-description')).not.toMatch(
        /KMS/,
      );
    } finally {
      delete emulator.config.preferences.kmsKeyId;
    }
  });

  it('follows the OS theme unless the setting forces one', async () => {
    const { page } = app;
    const theme = (): Promise<string | undefined> =>
      page.evaluate(() => document.documentElement.dataset.theme);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(theme).toBe('light');

    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect.poll(theme).toBe('dark');
    // The terminal follows too.
    const background = (): Promise<string> =>
      page.evaluate(() => {
        const viewport = document.querySelector('#view-terminals .xterm-viewport');
        return viewport ? getComputedStyle(viewport).backgroundColor : '';
      });
    await expect.poll(background).toBe('rgb(20, 22, 26)');
    await page.getByRole('radio', { name: 'System' }).check();
    await expect.poll(theme).toBe('light');
  });

  it('applies the terminal font size from Settings to open tabs', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Terminals' }).click();
    const before = await shownSize(page);
    await page.getByRole('tab', { name: 'Settings' }).click();
    const size = page.getByRole('spinbutton', { name: 'Font size' });
    await size.fill('20');
    await page.getByRole('tab', { name: 'Terminals' }).click();
    await expect.poll(async () => (await shownSize(page)).cols).toBeLessThan(before.cols);
    await page.getByRole('tab', { name: 'Settings' }).click();
    await size.fill('14');
    await page.getByRole('tab', { name: 'Terminals' }).click();
    await expect.poll(() => shownSize(page)).toEqual(before);
  });

  it('reorders tabs by dragging one onto another', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Terminals' }).click();
    const strip = page.getByRole('tablist', { name: 'Terminal tabs' });
    const names = (): Promise<string[]> => strip.getByRole('tab').allInnerTexts();
    expect(await names()).toEqual(['web-1', 'db-primary']);
    // Dropped on the left half of web-1's tab, db-primary goes before it.
    const target = await page.locator('.tab').filter({ hasText: 'web-1' }).boundingBox();
    if (!target) throw new Error('no web-1 tab');
    await page
      .locator('.tab')
      .filter({ hasText: 'db-primary' })
      .dragTo(page.locator('.tab').filter({ hasText: 'web-1' }), {
        targetPosition: { x: 10, y: target.height / 2 },
      });
    await expect.poll(names).toEqual(['db-primary', 'web-1']);
  });
});
