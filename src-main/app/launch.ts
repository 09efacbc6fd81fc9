#!/usr/bin/env node
/**
 * `npm start`: the desktop app in Electron where its binary is installed, otherwise browser mode (the
 * same renderer served by this process on 127.0.0.1, the contract over a WebSocket). Says which, and
 * in browser mode prints the address (with this launch's secret) on a line of its own.
 *
 *   npm start [-- --port N] [--no-open] [--browser]
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEmulatorConfig } from '../emulator/index.js';
import { logDirectory } from '../logging/log-file.js';
import { quietProcessWarnings } from '../logging/process-warnings.js';
import { startBrowserMode } from './browser/start-browser-mode.js';
import { isWebUrl, openWithSystem } from './core/system-opener.js';
import { defaultUserDataDir } from './core/user-data-dir.js';
import { installedElectronBinary } from './electron-binary.js';
import { parseLaunchArgs, LAUNCH_USAGE, type LaunchArgs } from './launch-args.js';

const here = dirname(fileURLToPath(import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  quietProcessWarnings('ssm-desk');
  const parsed = parseLaunchArgs(argv);
  if ('error' in parsed) {
    process.stderr.write(`ssm-desk: ${parsed.error}\n${LAUNCH_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(LAUNCH_USAGE);
    return 0;
  }
  const electron = parsed.browser ? undefined : installedElectronBinary();
  if (electron) return runElectron(electron, argv);
  return runBrowserMode(parsed);
}

function runElectron(binary: string, argv: readonly string[]): Promise<number> {
  process.stdout.write('SSM Desk: starting the desktop app (Electron).\n');
  const child = spawn(binary, [join(here, 'electron', 'main.js'), ...argv], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

async function runBrowserMode(args: LaunchArgs): Promise<number> {
  process.stdout.write(
    args.browser
      ? 'SSM Desk: serving the app to your browser (browser mode).\n'
      : 'SSM Desk: no Electron binary is installed here; serving the app to your browser (browser mode).\n',
  );
  const app = await startBrowserMode({
    userDataDir: defaultUserDataDir(),
    logDirectory: logDirectory(process.env),
    ...(args.emulatorConfig ? { emulatorConfig: loadEmulatorConfig(args.emulatorConfig) } : {}),
    ...(args.port !== undefined ? { port: args.port } : {}),
    openExternal: async (url) => void (isWebUrl(url) && (await openWithSystem(url))),
    openPath: async (path) => void (await openWithSystem(path)),
  });
  // The address alone on its line, so scripts can read it.
  process.stdout.write(`${app.url}\n`);
  if (args.open && !(await openWithSystem(app.url))) {
    process.stdout.write('Open that address in a browser on this machine (Ctrl-C stops SSM Desk).\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const text =
      code === 'EADDRINUSE'
        ? 'that port is in use: pick another with --port, or leave it out for a free one'
        : ((error as Error).message ?? String(error)).split('\n')[0];
    process.stderr.write(`ssm-desk: ${text}\n`);
    process.exit(1);
  },
);
