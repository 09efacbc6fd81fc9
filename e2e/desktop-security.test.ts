/**
 * Issue 9 §3e, security as tests (browser mode + the built-in emulator, Debian's Chromium): the page
 * has no Node, the CSP blocks injected script and eval, links never navigate the app away, a
 * malformed contract message gets a typed error while the core keeps working, the server refuses
 * requests and sockets without the launch's secret or from a foreign Origin, and no session token,
 * key or stream URL crosses the contract (every frame recorded) or reaches the console.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import NodeWebSocket from 'ws';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../src-main/app/browser/start-browser-mode.js';
import { RENDERER_DIR } from './app/support/app-harness.js';
import { waitForRows } from './app/support/instances-page.js';
import { activePanel, PROMPT, typeInto, waitForScreen } from './app/support/terminal-page.js';
import { launchChromium } from './support/chromium.js';

describe('desktop app security in browser mode (issue 9 §3e)', () => {
  let app: BrowserMode;
  let browser: Browser;
  let page: Page;
  let folders: string[];
  const opened: string[] = [];
  const frames: string[] = [];
  const consoleLines: string[] = [];

  beforeAll(async () => {
    folders = [
      await mkdtemp(join(tmpdir(), 'ssm-desk-sec-home-')),
      await mkdtemp(join(tmpdir(), 'ssm-desk-sec-')),
    ];
    app = await startBrowserMode({
      userDataDir: folders[1] as string,
      env: { HOME: folders[0] as string, PATH: process.env.PATH ?? '/usr/bin:/bin' },
      rendererDir: RENDERER_DIR,
      openExternal: async (url) => void opened.push(url),
    });
    browser = await launchChromium({ args: ['--disable-webgl', '--disable-3d-apis'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    page.on('websocket', (socket) => {
      socket.on('framesent', ({ payload }) => frames.push(String(payload)));
      socket.on('framereceived', ({ payload }) => frames.push(String(payload)));
    });
    await page.goto(app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all((folders ?? []).map((folder) => rm(folder, { recursive: true, force: true })));
  });

  it('gives the page no Node: no require, process, module or Buffer', async () => {
    await waitForRows(page, ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app']);
    const globals = await page.evaluate(() =>
      ['require', 'process', 'module', 'Buffer', 'global', 'ssmDesk'].map(
        (name) => typeof Reflect.get(window, name),
      ),
    );
    // ssmDesk is Electron's preload bridge: browser mode has none either.
    expect(globals).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('blocks an injected inline script with the CSP, which allows no eval or remote origin', async () => {
    const outcome = await page.evaluate(async () => {
      // The report is queued as a task: wait for it (a test timeout if the CSP never objects).
      const violation = new Promise<string>((resolve) =>
        document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), {
          once: true,
        }),
      );
      const script = document.createElement('script');
      script.textContent = 'window.__injected = "ran"';
      document.body.append(script);
      const directive = await violation;
      return { injected: Reflect.get(window, '__injected') as unknown, violations: [directive] };
    });
    expect(outcome.injected).toBeUndefined();
    expect(outcome.violations).toContain('script-src-elem');
    // What the page was served with (Playwright's own evaluation is exempt from CSP, so eval and
    // remote loads are checked on the policy itself).
    const response = await page.request.get(`${app.origin}/`);
    const policy = response.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(policy).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(policy).not.toMatch(/unsafe-eval|https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });

  it('sends a link in a terminal to the system browser and never navigates the app', async () => {
    await page.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Open shell' }).click();
    const panel = activePanel(page);
    await waitForScreen(panel, PROMPT);
    await typeInto(panel, 'echo see https://example.invalid/docs\n');
    await waitForScreen(panel, /^see https:\/\/example\.invalid\/docs/m);
    const link = panel.locator('.xterm-rows span', { hasText: 'https://example.invalid/docs' }).last();
    const box = await link.boundingBox();
    expect(box).not.toBeNull();
    // xterm.js's web-links addon activates a link on a modifier-free click over its text.
    await page.mouse.move((box?.x ?? 0) + (box?.width ?? 0) - 10, (box?.y ?? 0) + 4);
    await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) - 10, (box?.y ?? 0) + 4);
    await expect.poll(() => opened, { timeout: 10_000 }).toContain('https://example.invalid/docs');
    expect(new URL(page.url()).origin).toBe(app.origin);
    expect(page.context().pages()).toHaveLength(1);
  });

  it('answers a malformed contract message with a typed error and keeps working', async () => {
    const answers = await page.evaluate(async () => {
      const socket = new WebSocket(`ws://${location.host}/contract`);
      const received: unknown[] = [];
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      const next = (): Promise<unknown> =>
        new Promise((resolve) =>
          socket.addEventListener('message', (event) => resolve(JSON.parse(String(event.data))), {
            once: true,
          }),
        );
      for (const message of [
        'not json at all',
        JSON.stringify({ t: 'req', id: 7 }),
        JSON.stringify({ t: 'req', id: 8, method: 'shell.input', params: { tabId: 1, data: 5 } }),
        JSON.stringify({ t: 'req', id: 9, method: 'no.such.method', params: {} }),
        JSON.stringify({ t: 'req', id: 10, method: 'app.hello', params: {} }),
      ]) {
        const answer = next();
        socket.send(message);
        received.push(await answer);
      }
      socket.close();
      return received;
    });
    const codes = (answers as Array<{ id: number | null; ok: boolean; error?: { code: string } }>).map(
      (a) => [a.id, a.ok ? 'ok' : a.error?.code],
    );
    expect(codes).toEqual([
      [null, 'bad-message'],
      [7, 'bad-message'],
      [8, 'invalid-params'],
      [9, 'unknown-method'],
      [10, 'ok'],
    ]);
  });

  it('refuses HTTP requests and sockets without the secret, from another Host, or from a foreign Origin', async () => {
    const port = new URL(app.origin).port;
    const secret = new URL(app.url).searchParams.get('k') ?? '';
    const plain = await fetch(`${app.origin}/`, { redirect: 'manual' });
    expect(plain.status).toBe(403);
    const wrongKey = await fetch(`${app.origin}/?k=${'x'.repeat(secret.length)}`, { redirect: 'manual' });
    expect(wrongKey.status).toBe(403);
    const first = await fetch(app.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${app.origin}/`, { headers: { cookie } })).status).toBe(200);
    // DNS rebinding: the right cookie under another host name is still refused.
    // (fetch may not set Host: a plain request does.)
    const rebound = await new Promise<number>((resolve, reject) =>
      request(`${app.origin}/`, { headers: { cookie, host: `attacker.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebound).toBe(421);

    const dial = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve) => {
        const socket = new NodeWebSocket(`ws://127.0.0.1:${port}/contract`, { headers });
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('error', () => resolve(-1));
      });
    expect(await dial({ origin: app.origin })).toBe(403);
    expect(await dial({ cookie, origin: 'http://evil.example' })).toBe(403);
    expect(await dial({ cookie })).toBe(403);
    expect(await dial({ cookie, origin: app.origin })).toBe(101);
  });

  it('keeps tokens, keys, stream URLs and the launch secret out of the contract and the console', async () => {
    const running = await app.core.emulator.ensureStarted();
    const sessions = running.emulator.sessions.list();
    expect(sessions.length).toBeGreaterThan(0);
    const secrets: Record<string, string> = {
      'launch secret': new URL(app.url).searchParams.get('k') ?? '',
      'emulator access key id': running.accessKeyId,
      'emulator secret access key': running.secretAccessKey,
      'emulator control secret': running.controlSecret,
    };
    for (const session of sessions) {
      secrets[`stream URL of ${session.sessionId}`] = session.streamUrl;
      for (const token of session.tokens.keys()) secrets[`token of ${session.sessionId}`] = token;
    }
    expect(frames.length).toBeGreaterThan(10);
    const traffic = frames.join('\n');
    const consoleText = consoleLines.join('\n');
    for (const [name, value] of Object.entries(secrets)) {
      expect(value.length, name).toBeGreaterThan(8);
      expect(traffic.includes(value), `${name} crossed the contract`).toBe(false);
      expect(consoleText.includes(value), `${name} in the console`).toBe(false);
    }
    // Something real was recorded: the shell's output crossed, and the session id is shown (not secret).
    expect(traffic).toContain('example.invalid/docs');
  });
});
