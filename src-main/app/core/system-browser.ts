import { spawn } from 'node:child_process';

/**
 * Opens an http(s) URL in the user's browser, as `code .` or `gh browse` do. On Linux only where a
 * display exists: without one, xdg-open falls back to a text browser that would take over the
 * terminal. Resolves false when nothing could be opened (the caller has printed the URL anyway).
 */
export function openInSystemBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  if (!/^https?:\/\//.test(url)) return Promise.resolve(false);
  let command: string;
  let args: string[];
  if (platform === 'darwin') [command, args] = ['open', [url]];
  else if (platform === 'win32') [command, args] = ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) [command, args] = ['xdg-open', [url]];
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
