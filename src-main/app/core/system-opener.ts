import { spawn } from 'node:child_process';

/**
 * Opens a URL or a file with the user's default program (a browser, a remote-desktop client), as
 * `code .` or `gh browse` do. On Linux only where a display exists: without one, xdg-open falls back
 * to a text browser that would take over the terminal. Resolves false when nothing could be opened
 * (callers have shown the URL or path anyway).
 */
export function openWithSystem(
  target: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  let command: string;
  let args: string[];
  if (platform === 'darwin') [command, args] = ['open', [target]];
  else if (platform === 'win32') [command, args] = ['cmd', ['/c', 'start', '""', target.replace(/&/g, '^&')]];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) [command, args] = ['xdg-open', [target]];
  else return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

/** Only http(s) URLs leave the app for a browser: never file:, javascript: or custom schemes. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
