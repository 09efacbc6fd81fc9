/**
 * The Electron main process: the thin shell around the app core. It is the only code that imports
 * Electron. Started with a CLI command (`ssm-desk ls`) it runs the CLI with no window and exits
 * with its status; otherwise it opens the single window of the single instance.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, shell, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../../src-shared/contract/electron-bridge.js';
import type { CallOutcome } from '../../../src-shared/contract/envelope.js';
import { PRODUCT_VERSION } from '../../../src-shared/version.js';
import { logDirectory } from '../../logging/log-file.js';
import { quietProcessWarnings } from '../../logging/process-warnings.js';
import { appArguments, isCliInvocation } from '../cli-invocation.js';
import { AppCore, type ViewConnection } from '../core/app-core.js';
import { PRODUCT_NAME } from '../core/user-data-dir.js';
import { installAppMenu } from './app-menu.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.js';
import { hardenApp, isTrustedSender, openExternally } from './window-security.js';
import { WindowState } from './window-state.js';

quietProcessWarnings(PRODUCT_NAME);
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', '..', '..', 'renderer');
const args = appArguments(process.argv, process.defaultApp);
/** Files macOS asked to open before the window existed, and where to send later ones. */
const openedBeforeReady: string[] = [];
let openFileTarget: ((path: string) => void) | undefined;

if (isCliInvocation(args)) {
  void runHeadlessCli(args);
} else if (setUserDataDir() && !app.requestSingleInstanceLock()) {
  // Another window of SSM Desk is open: it is focused (second-instance) and this one ends.
  app.quit();
} else {
  app.setName(PRODUCT_NAME);
  registerAppScheme();
  // macOS says which file started the app before it is ready: keep it until the core exists.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (openFileTarget) openFileTarget(path);
    else openedBeforeReady.push(path);
  });
  void app.whenReady().then(startDesktop, (error: unknown) => fail(error));
}

/** SSM_DESK_USER_DATA moves the user-data folder (tests, portable installs); always true. */
function setUserDataDir(): true {
  if (process.env.SSM_DESK_USER_DATA) app.setPath('userData', process.env.SSM_DESK_USER_DATA);
  return true;
}

async function runHeadlessCli(cliArgs: string[]): Promise<void> {
  const [{ runCli }, { processCliIO }] = await Promise.all([
    import('../../cli/run-cli.js'),
    import('../../cli/cli-io.js'),
  ]);
  const status = await runCli(cliArgs, processCliIO());
  app.exit(status);
}

async function startDesktop(): Promise<void> {
  hardenApp();
  serveRenderer(rendererDir);
  const userDataDir = app.getPath('userData');
  const core = await AppCore.create({
    mode: 'electron',
    userDataDir,
    logDirectory: logDirectory(process.env),
    openExternal: async (url) => openExternally(url),
    openPath: async (path) => void (await shell.openPath(path)),
  });
  const views = new Map<number, ViewConnection>();
  const viewFor = (contents: WebContents): ViewConnection => {
    let view = views.get(contents.id);
    if (!view) {
      view = core.connectView((name, payload) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload);
      });
      views.set(contents.id, view);
    }
    return view;
  };
  const dropView = (contents: WebContents): void => {
    views.get(contents.id)?.close();
    views.delete(contents.id);
  };

  ipcMain.handle(IPC_REQUEST_CHANNEL, (event, method: unknown, params: unknown): Promise<CallOutcome> => {
    if (!isTrustedSender(event.senderFrame)) {
      return Promise.resolve({ ok: false, error: { code: 'bad-message', message: 'not from the app page' } });
    }
    return viewFor(event.sender).call(method, params);
  });

  const state = await WindowState.load(userDataDir);
  const window = new BrowserWindow({
    ...state.bounds(),
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: PRODUCT_NAME,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: process.defaultApp,
    },
  });
  state.track(window);
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  // A reload is a new page: the old page's view (its attached tabs, its unacknowledged output) goes.
  window.webContents.on('did-start-navigation', ({ isMainFrame, isSameDocument }) => {
    if (isMainFrame && !isSameDocument) dropView(window.webContents);
  });
  window.webContents.on('destroyed', () => dropView(window.webContents));

  // .ssmdesk tunnel bundles opened with the app (file association): on the command line of the
  // first or a second start (Linux, Windows), or through open-file (macOS; queued before ready).
  const openBundles = (argv: readonly string[]): void => {
    for (const path of argv.filter((arg) => arg.toLowerCase().endsWith('.ssmdesk'))) {
      void core.openTunnelBundle(path);
    }
  };
  openBundles([...args, ...openedBeforeReady.splice(0)]);
  openFileTarget = (path) => openBundles([path]);
  app.on('second-instance', (_event, argv) => {
    openBundles(appArguments(argv, process.defaultApp));
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  installAppMenu({
    development: process.defaultApp,
    onAbout: () =>
      void dialog.showMessageBox(window, { message: `${PRODUCT_NAME} ${PRODUCT_VERSION}`, type: 'info' }),
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void core.close().finally(() => app.quit());
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

function fail(error: unknown): void {
  dialog.showErrorBox(PRODUCT_NAME, (error as Error).message ?? String(error));
  app.exit(1);
}
