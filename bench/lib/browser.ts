/**
 * Debian's Chromium through playwright-core, and the probes the UI benchmarks run inside the page.
 * The probes are strings of page JavaScript, not functions: bench/ is type-checked without the DOM
 * library (tsconfig.json), and a string keeps the page's code out of it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sleep } from './stats.js';

/** As e2e/support/chromium.ts: Debian's Chromium, quiet (no GPU, no traffic of its own). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // xterm.js then draws with its DOM renderer, whose rows the probes read (the fallback GPU-less
  // machines get; WebGL would be faster where there is a GPU).
  '--disable-webgl',
  '--disable-3d-apis',
];

export async function launchBenchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/** A fresh context and page at the usual desktop size. */
export async function newBenchPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
  });
  return context.newPage();
}

/** Polls `check` every `intervalMs` until it returns a value that is not undefined. */
export async function pollFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

/** Evaluates page JavaScript that yields an array of numbers. */
export async function evaluateNumbers(page: Page, script: string): Promise<number[]> {
  const value: unknown = await page.evaluate(script);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new Error(`${script} did not give numbers: ${JSON.stringify(value)?.slice(0, 200)}`);
  }
  return value as number[];
}

export async function evaluateNumber(page: Page, script: string): Promise<number> {
  const value: unknown = await page.evaluate(script);
  if (typeof value !== 'number') throw new Error(`${script} did not give a number: ${JSON.stringify(value)}`);
  return value;
}

/**
 * window.__benchFrames: a requestAnimationFrame loop that keeps the time between consecutive frames
 * (the frame time the user sees: a long task or a slow render shows as one long delta).
 * start() clears and begins; stop() ends and returns the deltas in ms.
 */
export const FRAME_PROBE = `(() => {
  if (window.__benchFrames) return;
  let deltas = [];
  let last = 0;
  let running = false;
  const tick = (now) => {
    if (!running) return;
    if (last) deltas.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  window.__benchFrames = {
    start() { deltas = []; last = 0; running = true; requestAnimationFrame(tick); },
    stop() { running = false; return deltas; },
  };
})()`;

export async function startFrames(page: Page): Promise<void> {
  await page.evaluate(FRAME_PROBE);
  await page.evaluate('window.__benchFrames.start()');
}

export function stopFrames(page: Page): Promise<number[]> {
  return evaluateNumbers(page, 'window.__benchFrames.stop()');
}

/**
 * Counts the characters of every message the page's WebSockets receive (window.__benchWsChars), to
 * tell how much contract traffic the page takes in. Install with page.addInitScript.
 */
export const SOCKET_COUNTER = `(() => {
  const Native = window.WebSocket;
  window.__benchWsChars = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') window.__benchWsChars += event.data.length;
      });
    }
  };
})()`;
