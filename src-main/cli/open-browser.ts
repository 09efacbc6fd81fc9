import { spawn } from 'node:child_process';

/** How long a launcher may take to say it failed; after that it is taken as having opened the page. */
const LAUNCH_WAIT_MS = 3_000;

/**
 * Opens `url` in the user's browser, as Python's webbrowser module (which `aws sso login` uses) would:
 * the first program of BROWSER (a colon list; `%s` stands for the URL), else the platform's opener
 * (`open`, `rundll32 url.dll,FileProtocolHandler`, `xdg-open`). On Linux and the BSDs without BROWSER,
 * only where there is a display (DISPLAY or WAYLAND_DISPLAY): over ssh a text-mode opener would take
 * over the terminal we are printing to. Resolves whether a browser was (most likely) opened.
 */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const command = browserCommand(url, env);
  if (!command) return false;
  const [file, ...args] = command;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (opened: boolean): void => {
      if (settled) return;
      settled = true;
      resolve(opened);
    };
    const child = spawn(file as string, args, { env, stdio: 'ignore', detached: true });
    child.once('error', () => settle(false));
    child.once('exit', (code) => settle(code === 0));
    setTimeout(() => settle(true), LAUNCH_WAIT_MS).unref();
    child.unref();
  });
}

function browserCommand(url: string, env: NodeJS.ProcessEnv): string[] | undefined {
  const chosen = env.BROWSER?.split(':').find((entry) => entry.trim() !== '');
  if (chosen) {
    const words = chosen.trim().split(/\s+/);
    return words.some((word) => word.includes('%s'))
      ? words.map((word) => word.replace('%s', url))
      : [...words, url];
  }
  switch (process.platform) {
    case 'darwin':
      return ['open', url];
    case 'win32':
      return ['rundll32', 'url.dll,FileProtocolHandler', url];
    default:
      return env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open', url] : undefined;
  }
}
