import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import {
  activePanel,
  PROMPT,
  screenText,
  sttySizeUntil,
  typeInto,
  waitForScreen,
} from './support/terminal-page.js';

/** The session id the selected tab's status line shows (not a secret: the AWS console shows it too). */
async function sessionIdOf(page: Page): Promise<string> {
  const shown = activePanel(page).locator('.status-session');
  await shown.waitFor();
  return (await shown.innerText()).trim();
}

describe('terminal tabs (issue 9 §3b)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a shell from the instance list and runs a command in it', async () => {
    const { page } = app;
    await page.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Open shell' }).click();
    const tab = page.getByRole('tab', { name: 'web-1' });
    await tab.waitFor();
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    const panel = activePanel(page);
    await waitForScreen(panel, PROMPT);
    await typeInto(panel, 'echo hello-$((6*7))\n');
    const screen = await waitForScreen(panel, /^hello-42$/m);
    // The command line shows what was typed, the answer only once.
    expect(screen.match(/^hello-42$/gm)).toHaveLength(1);
    expect(screen).toContain('echo hello-$((6*7))');
  });

  it('follows the window size: the remote terminal gets every fitted size', async () => {
    const { page } = app;
    const panel = activePanel(page);
    // The shell starts at an estimated size; the first fit's size follows it to the agent.
    const shown = await panel.locator('.status-size').innerText();
    const before = await sttySizeUntil(panel, (size) => `${size.cols}×${size.rows}` === shown);

    await page.setViewportSize({ width: 900, height: 560 });
    const after = await sttySizeUntil(panel, (size) => size.cols < before.cols && size.rows < before.rows);
    await expect.poll(() => panel.locator('.status-size').innerText()).toBe(`${after.cols}×${after.rows}`);

    await page.setViewportSize({ width: 1280, height: 800 });
    await sttySizeUntil(panel, (size) => size.cols === before.cols && size.rows === before.rows);
  });

  it('keeps two tabs independent, and opens the second by keyboard alone', async () => {
    const { page } = app;
    const first = activePanel(page);
    await typeInto(first, 'MARK=first-tab; cd /tmp\n');

    // Ctrl+Shift+T opens the picker; typing narrows it; Enter opens a shell on the highlighted instance.
    await page.keyboard.press('Control+Shift+T');
    const picker = page.getByRole('dialog', { name: 'New shell' });
    await picker.waitFor();
    await page.keyboard.type('web-2');
    await expect
      .poll(() => picker.getByRole('option').allInnerTexts())
      .toEqual([expect.stringContaining('web-2')]);
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'web-2', selected: true }).waitFor();
    const second = activePanel(page);
    await waitForScreen(second, PROMPT);
    // Focus went to the new terminal: typing needs no click.
    await page.keyboard.type('echo "second:${MARK:-unset}:$(pwd)"\n');
    const secondScreen = await waitForScreen(second, /^second:unset:/m);
    expect(secondScreen).not.toContain('first-tab');

    // Ctrl+Tab back to the first tab: its shell kept its own state and saw none of the second's output.
    await page.keyboard.press('Control+Tab');
    await page.getByRole('tab', { name: 'web-1', selected: true }).waitFor();
    const firstAgain = activePanel(page);
    await page.keyboard.type('echo "first:$MARK:$(pwd)"\n');
    const firstScreen = await waitForScreen(firstAgain, /^first:first-tab:\/tmp$/m);
    expect(firstScreen).not.toContain('second:');
  });

  it('renames, duplicates and reorders tabs', async () => {
    const { page } = app;
    const tab = page.getByRole('tab', { name: 'web-1', selected: true });
    await tab.focus();
    await page.keyboard.press('F2');
    const title = page.getByRole('textbox', { name: 'Tab title' });
    await title.fill('primary web');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'primary web' }).waitFor();

    await page.keyboard.press('Control+Shift+D');
    await expect.poll(() => page.getByRole('tab').filter({ hasText: 'primary web' }).count()).toBe(2);
    await waitForScreen(activePanel(page), PROMPT);

    const names = (): Promise<string[]> =>
      page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').allInnerTexts();
    expect(await names()).toEqual(['primary web', 'web-2', 'primary web']);
    await page.keyboard.press('Control+Shift+PageUp');
    await expect.poll(names).toEqual(['primary web', 'primary web', 'web-2']);
    // The moved tab (the duplicate, still selected) is now second.
    const strip = page.getByRole('tablist', { name: 'Terminal tabs' });
    expect(await strip.getByRole('tab').nth(1).getAttribute('aria-selected')).toBe('true');
  });

  it('ends the session when its tab is closed (the emulator lists it as terminated)', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    const before = await page.getByRole('tab').count();
    const sessionId = await sessionIdOf(page);
    expect(emulator.sessions.get(sessionId)?.status).toBe('Connected');

    await page.keyboard.press('Control+Shift+W');
    const confirm = page.getByRole('dialog', { name: /^Close/ });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Close tab' }).click();
    await expect.poll(() => page.getByRole('tab').count()).toBe(before - 1);
    await expect.poll(() => emulator.sessions.get(sessionId)?.status).toBe('Terminated');

    // The remaining tabs still answer.
    const panel = activePanel(page);
    await typeInto(panel, 'echo still-$((40+2))\n');
    await waitForScreen(panel, /^still-42$/m);
  });

  it('says why a session ended and reconnects the tab', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await typeInto(panel, 'exit\n');
    const status = panel.getByRole('status');
    await expect.poll(() => status.innerText()).toMatch(/session ended/i);
    await status.getByRole('button', { name: 'Reconnect' }).click();
    await expect.poll(() => status.innerText()).toMatch(/Connected to/);
    await typeInto(panel, 'echo again-$((6*7))\n');
    await waitForScreen(panel, /^again-42$/m);
    expect(await screenText(panel)).toMatch(PROMPT);
  });

  it('shows the empty state once every tab is closed', async () => {
    const { page } = app;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('checkbox', { name: /Ask before closing/ }).uncheck();
    await page.getByRole('tab', { name: 'Terminals' }).click();
    while ((await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').count()) > 0) {
      const count = await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').count();
      await page
        .getByRole('button', { name: /^Close / })
        .first()
        .click();
      await expect
        .poll(() => page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab').count())
        .toBeLessThan(count);
      if (count === 1) break;
    }
    await page.getByRole('heading', { name: 'No shells open' }).waitFor();
    await page.getByRole('tab', { name: 'Instances' }).click();
    await waitForRows(page, ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app']);
  });
});
