/** macOS uses Cmd where other platforms use Ctrl (and Ctrl+Shift, for terminal apps' copy/paste). */
export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
