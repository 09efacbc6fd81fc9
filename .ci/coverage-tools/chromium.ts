// Vitest setup file (vitest.config.ts, the e2e project). Does nothing unless .ci/run-tests.mjs set
// SSM_DESK_COVERAGE_DIR to measure coverage over the whole suite (.ci/coverage-tools/coverage.mjs).
//
// The renderer runs in Chromium, driven by playwright-core (e2e/support/chromium.ts). Every page opened
// through chromium.launch() records precise JS coverage from its creation, before the first
// navigation, across reloads; it is written out when the page, its context or its browser closes,
// one file per page. Only the calls are wrapped: every browser, context and page behaves as before.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const coverageDir = process.env.SSM_DESK_COVERAGE_DIR;
const installed = Symbol.for('ssm-desk.ci.chromium-coverage');
const state = globalThis as { [installed]?: true };

// A worker may run several test files: patch once per process. playwright-core is loaded only here.
if (coverageDir && !state[installed]) {
  state[installed] = true;
  const { chromium } = await import('playwright-core');
  const dir = join(coverageDir, 'renderer');
  mkdirSync(dir, { recursive: true });
  let written = 0;
  const recording = new Set<Page>();

  const start = async (page: Page): Promise<Page> => {
    // Kept across navigations and reloads: the tests reload the renderer on purpose.
    await page.coverage.startJSCoverage({ resetOnNavigation: false, reportAnonymousScripts: false });
    recording.add(page);
    return page;
  };
  const collect = async (page: Page): Promise<void> => {
    if (!recording.delete(page) || page.isClosed()) return;
    try {
      const entries = await page.coverage.stopJSCoverage();
      // The bundle's own chunks only (the code is read from dist/renderer when converting).
      const scripts = entries
        .filter((entry) => /\/assets\/[^/?#]+\.js(?:[?#].*)?$/.test(entry.url))
        .map(({ url, functions }) => ({ url, functions }));
      if (scripts.length === 0) return;
      written++;
      writeFileSync(join(dir, `${process.pid}-${written}.json`), JSON.stringify({ result: scripts }));
    } catch {
      // The page or browser went away first (a test that crashes it on purpose): nothing to record.
    }
  };
  const collectContext = async (context: BrowserContext): Promise<void> => {
    await Promise.all(context.pages().map(collect));
  };

  const instrumentContext = (context: BrowserContext): BrowserContext => {
    const newPage = context.newPage.bind(context);
    context.newPage = async () => instrumentPage(await start(await newPage()));
    const close = context.close.bind(context);
    context.close = async (...args) => {
      await collectContext(context);
      return close(...args);
    };
    return context;
  };
  const instrumentPage = (page: Page): Page => {
    const close = page.close.bind(page);
    page.close = async (...args) => {
      await collect(page);
      return close(...args);
    };
    return page;
  };
  const instrumentBrowser = (browser: Browser): Browser => {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (...args) => instrumentContext(await newContext(...args));
    // browser.newPage() opens its page through this.newContext(), so it needs nothing of its own.
    const close = browser.close.bind(browser);
    browser.close = async (...args) => {
      await Promise.all(browser.contexts().map(collectContext));
      return close(...args);
    };
    return browser;
  };

  const launch = chromium.launch.bind(chromium);
  chromium.launch = async (...args) => instrumentBrowser(await launch(...args));
}
