import type { ITheme } from '@xterm/xterm';
import type { ResolvedTheme } from '../theme/use-resolved-theme';

/** Terminal colours matching the app's two themes (ANSI colours readable on each background). */
const THEMES: Record<ResolvedTheme, ITheme> = {
  dark: {
    background: '#14161a',
    foreground: '#d9dde3',
    cursor: '#6aabff',
    cursorAccent: '#14161a',
    selectionBackground: '#2f4a73',
    selectionInactiveBackground: '#2a3342',
    black: '#1e2127',
    red: '#ef6b73',
    green: '#8cc265',
    yellow: '#d8b15b',
    blue: '#5fa8f5',
    magenta: '#c678dd',
    cyan: '#4fb8c4',
    white: '#d0d4da',
    brightBlack: '#6b7280',
    brightRed: '#ff8a91',
    brightGreen: '#a5d97d',
    brightYellow: '#f0c674',
    brightBlue: '#82bcff',
    brightMagenta: '#dd97f0',
    brightCyan: '#6fd3dd',
    brightWhite: '#f4f5f7',
    scrollbarSliderBackground: 'rgba(160, 167, 179, 0.25)',
    scrollbarSliderHoverBackground: 'rgba(160, 167, 179, 0.4)',
    scrollbarSliderActiveBackground: 'rgba(160, 167, 179, 0.5)',
  },
  light: {
    background: '#ffffff',
    foreground: '#1f2329',
    cursor: '#0b62d6',
    cursorAccent: '#ffffff',
    selectionBackground: '#c7dbf8',
    selectionInactiveBackground: '#dde3ec',
    black: '#1f2329',
    red: '#c42b1c',
    green: '#1a7f37',
    yellow: '#8a5a00',
    blue: '#0b62d6',
    magenta: '#8e3fb0',
    cyan: '#0f7b8a',
    white: '#9aa1ab',
    brightBlack: '#59616c',
    brightRed: '#d9382a',
    brightGreen: '#23913f',
    brightYellow: '#9f6b00',
    brightBlue: '#2f7ae5',
    brightMagenta: '#a44fc6',
    brightCyan: '#138a9a',
    brightWhite: '#59616c',
    scrollbarSliderBackground: 'rgba(89, 97, 108, 0.2)',
    scrollbarSliderHoverBackground: 'rgba(89, 97, 108, 0.35)',
    scrollbarSliderActiveBackground: 'rgba(89, 97, 108, 0.45)',
  },
};

export function xtermTheme(theme: ResolvedTheme): ITheme {
  return THEMES[theme];
}

/** Search highlights: must be #RRGGBB. */
export function searchColours(theme: ResolvedTheme): {
  matchBackground: string;
  activeMatchBackground: string;
  matchOverviewRuler: string;
  activeMatchColorOverviewRuler: string;
} {
  return theme === 'dark'
    ? {
        matchBackground: '#5a4a1a',
        activeMatchBackground: '#b7791f',
        matchOverviewRuler: '#b7791f',
        activeMatchColorOverviewRuler: '#f0b429',
      }
    : {
        matchBackground: '#fdeaa8',
        activeMatchBackground: '#f4b400',
        matchOverviewRuler: '#e0a800',
        activeMatchColorOverviewRuler: '#b77f00',
      };
}
