import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';
import { activePanel, PROMPT, screenText, typeInto, waitForScreen } from './support/terminal-page.js';
import { showView } from './support/workspace-page.js';

/** Opens a shell on the instance from its row and waits for the prompt; returns its panel. */
async function openShell(page: Page, name: string): Promise<Locator> {
  await showView(page, 'Instances');
  await page.getByRole('row', { name }).getByRole('button', { name: 'Open shell' }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
  const panel = activePanel(page);
  await waitForScreen(panel, PROMPT);
  return panel;
}

async function selectTab(page: Page, name: string): Promise<Locator> {
  if (!(await page.getByRole('tablist', { name: 'Terminal tabs' }).isVisible()))
    await showView(page, 'Terminals');
  await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name }).click();
  return activePanel(page);
}

/** The tab's context menu, by keyboard (Shift+F10 on the focused tab). */
async function tabMenu(page: Page, name: string): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name });
  await tab.click();
  await tab.press('Shift+F10');
  const menu = page.getByRole('menu', { name: `${name} tab` });
  await menu.waitFor();
  return menu;
}

/** The line a command printed after its command line (the last time it ran). */
function answerAfter(screen: string, command: string): string | undefined {
  const lines = screen.split('\n').map((line) => line.trimEnd());
  const at = lines.findLastIndex((line) => line.endsWith(command));
  return at >= 0 ? lines[at + 1]?.trim() : undefined;
}

describe('broadcast input, recordings and history (issue 10 §5 f, g)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start();
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it("f: hostname typed once into three tabs: each answers with its own instance's answer", async () => {
    const { page } = app;
    const names = ['web-1', 'web-2', 'db-primary'];
    const solo = new Map<string, string>();
    // Each instance's own answer, asked in its tab alone first.
    for (const name of names) {
      const panel = await openShell(page, name);
      await typeInto(panel, 'echo "solo:$(hostname)"\n');
      const screen = await waitForScreen(panel, /^solo:\S+/m);
      solo.set(name, /^solo:(\S+)/m.exec(screen)?.[1] ?? '');
    }

    const menu = await tabMenu(page, 'db-primary');
    await menu.getByRole('menuitem', { name: 'Broadcast input…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Broadcast input' });
    for (const name of names) await dialog.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
    await dialog.getByRole('button', { name: 'Broadcast to 3 tabs' }).click();
    await dialog.waitFor({ state: 'detached' });
    // A clear marker on each receiving tab.
    for (const name of names) {
      const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name });
      await expect.poll(() => tab.getAttribute('aria-description')).toMatch(/input broadcast to the group/);
    }

    // Typed once, in the first tab only.
    const first = await selectTab(page, 'web-1');
    await expect.poll(() => first.getByRole('status').innerText()).toMatch(/Input broadcast to the group/);
    await typeInto(first, 'hostname\n');
    for (const name of names) {
      const panel = await selectTab(page, name);
      await waitForScreen(panel, /^[#$] hostname\n\S+/m);
      expect(answerAfter(await screenText(panel), 'hostname')).toBe(solo.get(name));
    }

    // Broadcasting ends from the menu: input stays in its tab again.
    const again = await tabMenu(page, 'web-2');
    await again.getByRole('menuitem', { name: 'Stop broadcasting' }).click();
    const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name: 'web-2' });
    await expect.poll(() => tab.getAttribute('aria-description')).not.toMatch(/broadcast/);
    const second = await selectTab(page, 'web-2');
    await typeInto(second, 'echo only-$((20+22))\n');
    await waitForScreen(second, /^only-42$/m);
    expect(await screenText(await selectTab(page, 'db-primary'))).not.toContain('only-42');
  });

  it('g: a recorded session replays the same lines in the player', async () => {
    const { page } = app;
    const panel = await openShell(page, 'bastion');
    const menu = await tabMenu(page, 'bastion');
    await menu.getByRole('menuitem', { name: 'Record session' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/Recording/);

    // A fresh prompt first, so the recording holds the whole command line (prompt included).
    await typeInto(panel, '\n');
    await typeInto(panel, "echo rec-$((6*7)); printf 'line-a\\n  line-b  x\\n'; ls -d /tmp\n");
    const live = await waitForScreen(panel, /^\/tmp$/m);
    const stop = await tabMenu(page, 'bastion');
    await stop.getByRole('menuitem', { name: 'Stop recording' }).click();
    await expect.poll(() => panel.getByRole('status').innerText()).not.toMatch(/Recording/);

    // What the session printed, from the command line to the last answer.
    const lines = live.split('\n').map((line) => line.trimEnd());
    const from = lines.findIndex((line) => line.includes('echo rec-$((6*7))'));
    const recorded = lines.slice(from, lines.indexOf('/tmp') + 1);
    expect(recorded).toEqual([
      expect.stringContaining('echo rec-'),
      'rec-42',
      'line-a',
      '  line-b  x',
      '/tmp',
    ]);

    await showView(page, 'Recordings');
    const row = page.getByRole('grid', { name: 'Recordings' }).getByRole('row', { name: 'bastion' }).first();
    await row.getByRole('button', { name: 'Play' }).click();
    const player = page.getByRole('region', { name: 'Player: bastion' });
    const screen = player.locator('.player-terminal');
    const replayed = async (): Promise<string[]> =>
      (await screenText(screen)).split('\n').map((l) => l.trimEnd());
    const slider = player.getByRole('slider', { name: 'Position' });
    await expect.poll(() => slider.isEnabled()).toBe(true);

    // Played at 4×: the same lines, in order, by the end.
    await player.getByRole('combobox', { name: 'Speed' }).selectOption('4');
    await player.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(
        async () => {
          const shown = await replayed();
          const at = shown.findIndex((line) => line.includes('echo rec-$((6*7))'));
          return at >= 0 ? shown.slice(at, at + recorded.length) : [];
        },
        { timeout: 30_000 },
      )
      .toEqual(recorded);
    await expect.poll(() => slider.getAttribute('aria-valuetext')).toMatch(/^(\d+:\d\d) of \1$/);

    // Seek back to the start (Home on the slider): the lines are gone again; End shows them all.
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(async () => (await replayed()).join('\n')).not.toContain('rec-42');
    await page.keyboard.press('End');
    await expect
      .poll(async () => {
        const shown = await replayed();
        const at = shown.findIndex((line) => line.includes('echo rec-$((6*7))'));
        return at >= 0 ? shown.slice(at, at + recorded.length) : [];
      })
      .toEqual(recorded);
  });

  it('history: lists what was opened, where and how it ended, and reopens a shell', async () => {
    const { page } = app;
    // End one shell, so its entry says how.
    const panel = await selectTab(page, 'db-primary');
    await typeInto(panel, 'exit\n');
    await expect.poll(() => panel.getByRole('status').innerText()).toMatch(/session ended/i);

    await showView(page, 'History');
    const grid = page.getByRole('grid', { name: 'History' });
    const ended = grid.getByRole('row', { name: 'db-primary' });
    await expect.poll(() => ended.innerText()).toMatch(/Shell[\s\S]*us-east-1[\s\S]*The session ended/);
    await expect.poll(() => grid.getByRole('row', { name: 'web-1' }).innerText()).toMatch(/Running/);
    await page.getByRole('combobox', { name: 'Kind' }).selectOption('shell');
    expect(await grid.locator('[role="row"][aria-label]').count()).toBe(4);

    // Reopen: a new tab with a new session on the same instance.
    await ended.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'db-primary' }).count()).toBe(2);
    await page.getByRole('tab', { name: 'db-primary', selected: true }).waitFor();
    await waitForScreen(activePanel(page), PROMPT);
  });
});
