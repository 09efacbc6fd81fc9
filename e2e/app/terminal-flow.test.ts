import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AppHarness } from './support/app-harness.js';
import { activePanel, PROMPT, screenText, typeInto, waitForScreen } from './support/terminal-page.js';

async function openShell(page: Page, name: string): Promise<string> {
  await page.getByRole('tab', { name: 'Instances' }).click();
  await page.getByRole('row', { name }).getByRole('button', { name: 'Open shell' }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor();
  await waitForScreen(activePanel(page), PROMPT);
  const id = await activePanel(page).getAttribute('id');
  if (!id?.startsWith('panel-')) throw new Error(`unexpected panel id ${String(id)}`);
  return id.slice('panel-'.length);
}

/** Makes the page look hidden (a minimised window) or visible again, as the browser would say. */
async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(
    (state) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      document.dispatchEvent(new Event('visibilitychange'));
    },
    hidden ? 'hidden' : 'visible',
  );
}

describe('output flow between the core and the terminals (flow control per view)', () => {
  let app: AppHarness;
  /** The tabId of the last shell.focus the page sent (undefined: none yet). */
  const lastFocus = (): unknown => {
    const params = app.requestsOf('shell.focus').at(-1)?.params;
    return typeof params === 'object' && params !== null ? Reflect.get(params, 'tabId') : undefined;
  };

  beforeAll(async () => {
    app = await AppHarness.start({ recordRequests: ['shell.focus'] });
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('tells the core which tab is on screen: the shown tab, none for another view or a hidden page, again after a reconnect', async () => {
    const { page } = app;
    const web1 = await openShell(page, 'web-1');
    await expect.poll(lastFocus).toBe(web1);

    const web2 = await openShell(page, 'web-2');
    await expect.poll(lastFocus).toBe(web2);
    await page.getByRole('tab', { name: 'web-1' }).click();
    await expect.poll(lastFocus).toBe(web1);

    // Another view: no terminal is on screen.
    await page.getByRole('tab', { name: 'Instances' }).click();
    await expect.poll(lastFocus).toBeNull();
    await page.getByRole('tab', { name: 'Terminals' }).click();
    await expect.poll(lastFocus).toBe(web1);

    // A hidden page shows nothing either.
    await setPageHidden(page, true);
    await expect.poll(lastFocus).toBeNull();
    await setPageHidden(page, false);
    await expect.poll(lastFocus).toBe(web1);

    // A new link is a new view in the core: it is told again, on the new socket.
    const before = app.requestsOf('shell.focus').length;
    expect(await app.dropContractSocket()).toBeGreaterThan(0);
    await expect
      .poll(() =>
        app
          .requestsOf('shell.focus')
          .slice(before)
          .some((r) => r.socket > 1),
      )
      .toBe(true);
    expect(lastFocus()).toBe(web1);
    await typeInto(activePanel(page), 'echo linked-$((6*7))\n');
    await waitForScreen(activePanel(page), /^linked-42$/m);
  });

  it('writes a hidden tab’s output while another is shown, and shows all of it when switched to', async () => {
    const { page } = app;
    // web-1 is shown; web-2 prints ~1.9 M characters while hidden (its session is held back as the
    // page writes them, a frame's budget at a time), then a marker.
    await page.getByRole('tab', { name: 'web-2' }).click();
    await typeInto(activePanel(page), 'seq 1 160000 | sed s/^/line-/; echo "hidden-done-$((6*7))"\n');
    await page.getByRole('tab', { name: 'web-1' }).click();
    const shown = activePanel(page);
    // The tab on screen answers meanwhile.
    await typeInto(shown, 'echo shown-$((6*7))\n');
    await waitForScreen(shown, /^shown-42$/m);

    await page.getByRole('tab', { name: 'web-2' }).click();
    const screen = await waitForScreen(activePanel(page), /^hidden-done-42$/m, 60_000);
    expect(screen).toMatch(/^line-160000$/m);
    expect(await screenText(activePanel(page))).toMatch(PROMPT);
  });
});
