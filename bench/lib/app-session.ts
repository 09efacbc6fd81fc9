/**
 * One app benchmark's world: an emulator in its own process with the given inventory, a HOME with
 * AWS profiles pointing at it, the app (core + browser mode) in its own process, Debian's Chromium
 * showing it, and a contract client in this process. close() ends all of it and removes every
 * temporary folder.
 */
import type { Browser, Page } from 'playwright-core';
import type { Settings } from '../../src-shared/model/settings.js';
import {
  appEnvironment,
  startExternalEmulator,
  TempFolders,
  writeAwsHome,
  writeSettings,
  type EmulatorConfigFile,
  type ExternalEmulator,
} from './app-fixture.js';
import { startAppProcess, type AppProcess } from './app-process.js';
import { launchBenchChromium, newBenchPage, pollFor } from './browser.js';
import { connectContract, type SocketContractClient } from './contract-socket-client.js';

export interface AppSessionOptions {
  emulator: EmulatorConfigFile;
  profiles: string[];
  /** settings.json before the app starts (regions, profiles …). */
  settings: Partial<Settings>;
  /** Open the page (default true). */
  page?: boolean;
  /** Page JavaScript run before the app's own scripts (page.addInitScript). */
  initScript?: string;
}

export interface AppSession {
  emulator: ExternalEmulator;
  app: AppProcess;
  client: SocketContractClient;
  browser: Browser | undefined;
  page: Page | undefined;
  close(): Promise<void>;
}

export async function startAppSession(options: AppSessionOptions): Promise<AppSession> {
  const folders = new TempFolders();
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
    folders.cleanup();
  };
  try {
    const emulator = await startExternalEmulator(options.emulator, folders);
    closers.push(() => emulator.close());
    const home = folders.make('home');
    writeAwsHome(home, emulator.endpoint, options.profiles);
    const userData = folders.make('data');
    writeSettings(userData, options.settings);
    const app = await startAppProcess({ userDataDir: userData, env: appEnvironment(home) });
    closers.push(() => app.close());
    const client = await connectContract(app.url);
    closers.push(() => client.close());
    let browser: Browser | undefined;
    let page: Page | undefined;
    if (options.page !== false) {
      browser = await launchBenchChromium();
      const opened = browser;
      closers.push(() => opened.close());
      page = await newBenchPage(browser);
      if (options.initScript) await page.addInitScript(options.initScript);
      await page.goto(app.url);
    }
    return { emulator, app, client, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the instance grid reports `rows` rows and is no longer busy; returns when. */
export async function waitForGridRows(page: Page, rows: number, timeoutMs: number): Promise<number> {
  return pollFor(
    `the instance grid with ${rows} rows`,
    async () => {
      const state = await page.evaluate(
        `(() => { const g = document.querySelector('[role="grid"][aria-label="Instances"]');
          return g ? [Number(g.getAttribute('aria-rowcount')) - 1, g.getAttribute('aria-busy') === 'true' ? 1 : 0] : [0, 1]; })()`,
      );
      const [count, busy] = state as [number, number];
      return count === rows && busy === 0 ? performance.now() : undefined;
    },
    timeoutMs,
  );
}
