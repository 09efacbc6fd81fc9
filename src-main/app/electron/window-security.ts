import { app, session, shell, type WebContents, type WebFrameMain } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';

/** http(s) links leave the app for the system browser; nothing else is opened at all. */
export function openExternally(url: string): void {
  if (/^https?:\/\//i.test(url)) void shell.openExternal(url);
}

/**
 * Electron's security checklist, the parts that are set once for the whole app (docs/security.md
 * lists every item): no navigation away from the app, no new windows (links go to the system
 * browser), no <webview>, every permission request denied except writing to the clipboard.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  const allowed = new Set(['clipboard-sanitized-write']);
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowed.has(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
}

function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** An IPC message counts only when it comes from our own page's main frame. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && new URL(frame.url).origin === APP_ORIGIN;
}
