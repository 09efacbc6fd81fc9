import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, installed by .ci/run: Playwright's own browser downloads are not used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, reproducible browser in CI: no sandbox (CI runs as root), no GPU (none here), and
 * none of Chromium's own traffic (QUIC, component updates, sync, background fetches, first-run pages)
 * so the only network activity is the test's.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchChromiumOptions {
  /** Headless unless false; a headed browser needs a display (run under xvfb-run). */
  headless?: boolean;
  /** More Chromium flags, after CHROMIUM_FLAGS. */
  args?: string[];
}

/**
 * Debian's Chromium driven by playwright-core, with CHROMIUM_FLAGS. Each browser gets a fresh user-data
 * directory: Playwright's launch() makes a new temporary profile and deletes it on close(), so no
 * cookies, storage or cache leak from one test to the next. Close the browser when done.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [...CHROMIUM_FLAGS, ...(options.args ?? [])],
  });
}
