import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppCore, type AppCoreOptions } from '../core/app-core.js';
import { launchSecret } from '../core/profile-directory.js';
import { BrowserServer } from './browser-server.js';

export interface BrowserModeOptions {
  userDataDir: string;
  /** Fixed port (default: a free one). */
  port?: number;
  /** Where AWS settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The built renderer (default dist/renderer next to this build). */
  rendererDir?: string;
  openExternal?: AppCoreOptions['openExternal'];
  openPath?: AppCoreOptions['openPath'];
  emulatorConfig?: AppCoreOptions['emulatorConfig'];
  /** Where the app's redacted log goes (none when absent). */
  logDirectory?: string;
  autoStartTunnels?: boolean;
  log?: (line: string) => void;
}

export interface BrowserMode {
  /** The address to open, with this launch's secret. */
  readonly url: string;
  readonly origin: string;
  readonly core: AppCore;
  close(): Promise<void>;
}

/** dist/renderer, beside dist/src-main in a build. */
export const DEFAULT_RENDERER_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'renderer',
);

/** The app core and the server of browser mode, in this process. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const core = await AppCore.create({
    mode: 'browser',
    userDataDir: options.userDataDir,
    ...(options.env ? { env: options.env } : {}),
    ...(options.log ? { log: options.log } : {}),
    openExternal: options.openExternal ?? (() => Promise.resolve()),
    ...(options.openPath ? { openPath: options.openPath } : {}),
    ...(options.emulatorConfig ? { emulatorConfig: options.emulatorConfig } : {}),
    ...(options.logDirectory ? { logDirectory: options.logDirectory } : {}),
    ...(options.autoStartTunnels !== undefined ? { autoStartTunnels: options.autoStartTunnels } : {}),
  });
  let server: BrowserServer;
  try {
    server = await BrowserServer.start({
      core,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      secret: launchSecret(),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
  } catch (error) {
    await core.close();
    throw error;
  }
  return {
    url: server.url,
    origin: server.origin,
    core,
    close: async () => {
      await server.close();
      await core.close();
    },
  };
}
