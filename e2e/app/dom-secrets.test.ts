import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import { activePanel, PROMPT, typeInto, waitForScreen } from './support/terminal-page.js';

/**
 * Everything the page holds that a script (or an extension, or a screenshot) could read: the DOM
 * with every attribute, the text of every terminal row, both web storages and the readable cookies.
 */
async function pageContents(app: AppHarness): Promise<string> {
  return app.page.evaluate(() => {
    const storage = (store: Storage): string =>
      Array.from({ length: store.length }, (_, index) => {
        const key = store.key(index) ?? '';
        return `${key}=${store.getItem(key) ?? ''}`;
      }).join('\n');
    return [
      document.documentElement.outerHTML,
      document.body.innerText,
      storage(localStorage),
      storage(sessionStorage),
      document.cookie,
      document.title,
    ].join('\n');
  });
}

describe('no secret reaches the page (issue 9 §3e, the DOM side)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the launch secret, the emulator keys, session tokens and stream URLs out of the DOM and console', async () => {
    const { page } = app;
    await waitForRows(page, ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app']);
    await page.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Open shell' }).click();
    const panel = activePanel(page);
    await waitForScreen(panel, PROMPT);
    // What the shell itself shows is on the page too: its environment must be scrubbed as well.
    await typeInto(panel, 'env | sort; echo env-listed-$((6*7))\n');
    await waitForScreen(panel, /^env-listed-42$/m);
    // Visit every view so each has rendered its state.
    for (const view of ['Settings', 'Instances', 'Terminals']) {
      await page.getByRole('tab', { name: view }).click();
    }

    const running = await app.emulator();
    const sessionId = (await panel.locator('.status-session').innerText()).trim();
    const session = running.emulator.sessions.get(sessionId);
    expect(session, 'the tab shows the id of a session the emulator knows').toBeDefined();
    const launchSecret = new URL(app.mode.url).searchParams.get('k');
    expect(launchSecret).toBeTruthy();

    const secrets: Record<string, string> = {
      'launch secret': launchSecret ?? '',
      'emulator access key id': running.accessKeyId,
      'emulator secret access key': running.secretAccessKey,
      'session stream URL': session?.streamUrl ?? '',
      'stream URL path': new URL(session?.streamUrl ?? 'ws://x/none').pathname,
      ...Object.fromEntries(
        [...(session?.tokens.keys() ?? [])].map((token, i) => [`session token ${i}`, token]),
      ),
    };
    expect(Object.keys(secrets).filter((name) => name.startsWith('session token')).length).toBeGreaterThan(0);

    const contents = await pageContents(app);
    const consoleText = app.consoleMessages.join('\n');
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(contents.includes(value), `${name} in the page`).toBe(false);
      expect(consoleText.includes(value), `${name} in the console`).toBe(false);
    }
    // The page has no Node: nothing to reach the file system or the secret through.
    expect(
      await page.evaluate(() => [
        typeof Reflect.get(window, 'require'),
        typeof Reflect.get(window, 'process'),
      ]),
    ).toEqual(['undefined', 'undefined']);
    // The secret travels as an HttpOnly cookie: scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain(launchSecret ?? '');
  });
});
