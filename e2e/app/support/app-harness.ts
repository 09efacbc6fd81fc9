import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, ConsoleMessage, Page, WebSocketRoute } from 'playwright-core';
import { startBrowserMode, type BrowserMode } from '../../../src-main/app/browser/start-browser-mode.js';
import type { ViewConnection } from '../../../src-main/app/core/app-core.js';
import type { RunningEmulator } from '../../../src-main/app/core/embedded-emulator.js';
import type { RequestName, RequestParams, RequestResult } from '../../../src-shared/contract/requests.js';
import type { EmulatorConfig } from '../../../src-main/emulator/index.js';
import { launchChromium } from '../../support/chromium.js';

/** The renderer as `npm run build` leaves it (the tests run against the real bundle). */
export const RENDERER_DIR = resolve(fileURLToPath(new URL('../../../dist/renderer', import.meta.url)));

export interface AppOptions {
  /**
   * Let xterm.js use WebGL where Chromium offers it. Off by default: the tests read the terminal's
   * text from the DOM renderer's rows, and so exercise the fallback that GPU-less machines get.
   */
  webgl?: boolean;
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  /**
   * Pass the contract's WebSocket through Playwright (page.routeWebSocket), so a test can drop it
   * as a network failure would (dropContractSocket).
   */
  routeContract?: boolean;
  /**
   * Requests the page sends with these methods, recorded in order (contractRequests) on their way
   * through the route (implies routeContract).
   */
  recordRequests?: readonly RequestName[];
  /** Let the page use the clipboard (copy and paste shortcuts). */
  clipboard?: boolean;
  /** This user-data folder instead of a new one (settings, tunnels, history, recordings). */
  userDataDir?: string;
  /** HOME for the core (where the AWS config files are read); default a new empty folder. */
  home?: string;
  /** More environment for the core (AWS_* settings, say). */
  env?: Record<string, string>;
  /** The built-in emulator's inventory instead of its default one. */
  emulatorConfig?: EmulatorConfig;
  /** Start the tunnels marked "Start with the app" (default true, as the app does). */
  autoStartTunnels?: boolean;
}

/** A request the page sent, as recorded by `recordRequests`. */
export interface RecordedRequest {
  method: string;
  params: unknown;
  /** Which contract socket carried it (1 for the first, 2 after a reconnect …). */
  socket: number;
}

/**
 * SSM Desk in browser mode on the built-in emulator (an empty HOME, so no AWS configuration is
 * found), with Debian's Chromium showing it. Everything is this test file's own: user-data folder,
 * core, emulator, browser profile.
 */
export class AppHarness {
  readonly consoleMessages: string[] = [];
  /** The requests `recordRequests` asked for, in the order the page sent them. */
  readonly contractRequests: RecordedRequest[] = [];
  private sockets = 0;
  private view: ViewConnection | undefined;
  private contractRoutes: { page: WebSocketRoute; server: WebSocketRoute }[] = [];

  private constructor(
    readonly mode: BrowserMode,
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
    private folders: string[],
    /** URLs the app asked the system browser to open (app.openExternal), in order. */
    readonly openedExternally: string[],
    /** Files the app asked the system to open (app openPath: an .rdp file), in order. */
    readonly openedPaths: string[],
    private readonly options: AppOptions & { userDataDir: string; home: string },
  ) {}

  /** The user-data folder the core keeps its files in. */
  get userDataDir(): string {
    return this.options.userDataDir;
  }

  /** HOME as the core sees it. */
  get home(): string {
    return this.options.home;
  }

  static async start(options: AppOptions = {}): Promise<AppHarness> {
    const folders: string[] = [];
    const home = options.home ?? (await mkdtemp(join(tmpdir(), 'ssm-desk-e2e-home-')));
    const userData = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'ssm-desk-e2e-data-')));
    if (!options.home) folders.push(home);
    if (!options.userDataDir) folders.push(userData);
    const opened: string[] = [];
    const openedPaths: string[] = [];
    const mode = await startBrowserMode({
      userDataDir: userData,
      env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      rendererDir: RENDERER_DIR,
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
      openPath: (path) => {
        openedPaths.push(path);
        return Promise.resolve();
      },
      ...(options.emulatorConfig ? { emulatorConfig: options.emulatorConfig } : {}),
      ...(options.autoStartTunnels !== undefined ? { autoStartTunnels: options.autoStartTunnels } : {}),
    });
    let browser: Browser | undefined;
    try {
      browser = await launchChromium({ args: options.webgl ? [] : ['--disable-webgl', '--disable-3d-apis'] });
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 800 },
        colorScheme: options.colorScheme ?? 'light',
        reducedMotion: 'reduce',
      });
      if (options.clipboard) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: mode.origin });
      }
      const page = await context.newPage();
      const harness = new AppHarness(mode, browser, context, page, folders, opened, openedPaths, {
        ...options,
        userDataDir: userData,
        home,
      });
      page.on('console', (message: ConsoleMessage) => harness.consoleMessages.push(message.text()));
      page.on('pageerror', (error) => harness.consoleMessages.push(`pageerror: ${error.message}`));
      if (options.routeContract || options.recordRequests) {
        const record = new Set<string>(options.recordRequests ?? []);
        await page.routeWebSocket(/\/contract$/, (route) => {
          const server = route.connectToServer();
          harness.contractRoutes.push({ page: route, server });
          const socket = ++harness.sockets;
          if (record.size === 0) return;
          // Handling the page's messages stops Playwright forwarding them: each is passed on here.
          route.onMessage((message) => {
            server.send(message);
            if (typeof message !== 'string') return;
            const request = parseRequest(message);
            if (request && record.has(request.method)) harness.contractRequests.push({ ...request, socket });
          });
        });
      }
      await page.goto(mode.url);
      return harness;
    } catch (error) {
      await browser?.close();
      await mode.close();
      throw error;
    }
  }

  /**
   * A call to the core as a view makes it, for setting up what a test shows (saved tunnels, a fleet
   * run) without clicking through it. What the test checks still goes through the page.
   */
  async call<N extends RequestName>(method: N, params: RequestParams<N>): Promise<RequestResult<N>> {
    this.view ??= this.mode.core.connectView(() => undefined);
    const outcome = await this.view.call(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result as RequestResult<N>;
  }

  /** The built-in emulator behind the "Local emulator" profile (started with the app's first listing). */
  async emulator(): Promise<RunningEmulator> {
    return this.mode.core.emulator.ensureStarted();
  }

  /** Ends the page's contract WebSocket(s) from both sides at once; the page must reconnect. */
  async dropContractSocket(): Promise<number> {
    const routes = this.contractRoutes.splice(0);
    await Promise.all(
      routes.flatMap(({ page, server }) => [
        page.close({ code: 4000, reason: 'dropped by the test' }),
        server.close({ code: 4000, reason: 'dropped by the test' }),
      ]),
    );
    return routes.length;
  }

  /**
   * Quits the whole app (browser and core) and starts it again on the same user-data folder and
   * HOME, as a user closing and reopening it would. The new harness owns the folders from then on.
   */
  async restart(changes: AppOptions = {}): Promise<AppHarness> {
    this.view?.close();
    await this.browser.close().catch(() => undefined);
    await this.mode.close();
    const next = await AppHarness.start({ ...this.options, ...changes });
    next.folders = this.folders;
    this.folders = [];
    return next;
  }

  /** The recorded requests with this method (recordRequests). */
  requestsOf(method: RequestName): RecordedRequest[] {
    return this.contractRequests.filter((request) => request.method === method);
  }

  async close(): Promise<void> {
    this.view?.close();
    await this.browser.close().catch(() => undefined);
    await this.mode.close();
    await Promise.all(this.folders.map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

function parseRequest(text: string): { method: string; params: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const method: unknown = Reflect.get(value, 'method');
    return typeof method === 'string' ? { method, params: Reflect.get(value, 'params') } : undefined;
  } catch {
    return undefined;
  }
}
