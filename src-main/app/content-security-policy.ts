/**
 * The renderer's Content-Security-Policy, the same in Electron and in browser mode: scripts only
 * from the app's own files (no inline script, no eval), no remote origin for anything, no plugins,
 * forms or framing. Inline styles are allowed: xterm.js and React set element styles at run time.
 * `connect` is where the contract travels (browser mode's WebSocket); Electron needs none.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect.length ? connect.join(' ') : "'none'"}`,
    "worker-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
