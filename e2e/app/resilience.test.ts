import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import { activePanel, PROMPT, screenText, typeInto, waitForScreen } from './support/terminal-page.js';

/**
 * Records every state class the terminals' status lines take (the banner), so a state that lasts
 * only a moment is still seen. Test instrumentation: the app exposes nothing for it.
 */
async function recordStatusClasses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = new Set<string>();
    Reflect.set(window, '__statusClassesSeen', seen);
    const note = (): void => {
      for (const element of document.querySelectorAll('.terminal-status')) {
        for (const name of element.classList) seen.add(name);
        if (element.textContent) seen.add(`text:${element.textContent}`);
      }
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    note();
  });
}

async function statusClassesSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((Reflect.get(window, '__statusClassesSeen') as Set<string>) ?? [])]);
}

async function openShell(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('row', { name }).getByRole('button', { name: 'Open shell' }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
  await waitForScreen(activePanel(page), PROMPT);
}

async function sessionIdOf(page: Page): Promise<string> {
  return (await activePanel(page).locator('.status-session').innerText()).trim();
}

describe('sessions that survive (issue 9 §3c, §3d)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start({ routeContract: true });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('rides out data-channel socket kills: banner, resume, and every keystroke exactly once', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    await waitForRows(page, ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app']);
    await openShell(page, 'web-1');
    const panel = activePanel(page);
    const sessionId = await sessionIdOf(page);
    await recordStatusClasses(page);

    // Type a command in pieces, killing the session's sockets right before each piece, so keys
    // arrive while the data channel is being resumed (the core holds them meanwhile).
    const pieces = ['echo sur', 'vived-', '$((6*', '7))-', 'kills', '\n'];
    await typeInto(panel, '');
    let dropped = 0;
    for (const piece of pieces) {
      dropped += emulator.dropClientSockets(sessionId);
      await page.keyboard.type(piece);
    }
    expect(dropped).toBeGreaterThan(0);

    const screen = await waitForScreen(panel, /^survived-42-kills$/m);
    // Echoed once as typed (nothing lost, nothing doubled) and answered once.
    expect(screen.match(/echo survived-\$\(\(6\*7\)\)-kills/g)).toHaveLength(1);
    expect(screen.match(/^survived-42-kills$/gm)).toHaveLength(1);

    const seen = await statusClassesSeen(page);
    expect(seen).toContain('terminal-status-reconnecting');
    expect(seen.some((entry) => /^text:.*Connection lost — reconnecting/.test(entry))).toBe(true);
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/^Connected to web-1/);
    // Still the same session: it was resumed, not replaced.
    expect(await sessionIdOf(page)).toBe(sessionId);

    await typeInto(panel, 'echo after-$((40+2))\n');
    await waitForScreen(panel, /^after-42$/m);
  });

  it('reattaches every tab after a reload of the page: same sessions, same shells, output once', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    const first = activePanel(page);
    await typeInto(first, 'RELOAD_MARK=kept-in-web-1\n');
    await typeInto(first, 'echo "before reload: $((20+22))"\n');
    await waitForScreen(first, /^before reload: 42$/m);
    const firstId = await sessionIdOf(page);

    await openShell(page, 'eu-api');
    await typeInto(activePanel(page), 'echo eu-side-$((6*7))\n');
    await waitForScreen(activePanel(page), /^eu-side-42$/m);
    const secondId = await sessionIdOf(page);

    await page.reload();
    // The view and the selected tab come back; both tabs are there, attached to the same sessions.
    const strip = page.getByRole('tablist', { name: 'Terminal tabs' });
    await expect.poll(() => strip.getByRole('tab').allInnerTexts()).toEqual(['web-1', 'eu-api']);
    await page.getByRole('tab', { name: 'eu-api', selected: true }).waitFor();
    const replayed = await waitForScreen(activePanel(page), /^eu-side-42$/m);
    expect(replayed.match(/^eu-side-42$/gm)).toHaveLength(1);
    expect(await sessionIdOf(page)).toBe(secondId);

    await page.getByRole('tab', { name: 'web-1' }).click();
    const firstAgain = activePanel(page);
    const firstScreen = await waitForScreen(firstAgain, /^before reload: 42$/m);
    expect(firstScreen.match(/^before reload: 42$/gm)).toHaveLength(1);
    expect(await sessionIdOf(page)).toBe(firstId);
    await typeInto(firstAgain, 'echo "still $RELOAD_MARK"\n');
    await waitForScreen(firstAgain, /^still kept-in-web-1$/m);
    expect(emulator.sessions.get(firstId)?.status).toBe('Connected');
    expect(emulator.sessions.get(secondId)?.status).toBe('Connected');
  });

  it('says "reconnecting to SSM Desk" when its own link drops, then catches up', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await recordStatusClasses(page);
    expect(await app.dropContractSocket()).toBeGreaterThan(0);
    const banner = page.getByRole('alert').filter({ hasText: 'Reconnecting to SSM Desk' });
    await banner.waitFor();
    // The page reconnects by itself and fetches everything again.
    await banner.waitFor({ state: 'detached' });
    await typeInto(panel, 'echo back-$((6*7))\n');
    const screen = await waitForScreen(panel, /^back-42$/m);
    expect(screen.match(/^back-42$/gm)).toHaveLength(1);
    expect(await screenText(panel)).toMatch(/^still kept-in-web-1$/m);
  });
});
