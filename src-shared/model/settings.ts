import { z } from 'zod';

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

export const TerminalSettingsSchema = z.object({
  fontFamily: z.string().min(1).max(200),
  fontSize: z.number().int().min(8).max(40),
  scrollback: z.number().int().min(0).max(200_000),
  cursorBlink: z.boolean(),
});
export type TerminalSettings = z.infer<typeof TerminalSettingsSchema>;

/** What the user chose; stored by the core (versioned JSON in the user-data folder). */
export const SettingsSchema = z.object({
  theme: ThemeSchema,
  terminal: TerminalSettingsSchema,
  /** Profiles the instance browser lists (ids); empty = every configured profile. */
  profiles: z.array(z.string().max(256)).max(200),
  /** Regions listed for AWS profiles; empty = each profile's own region. */
  regions: z.array(z.string().max(64)).max(40),
  /** Ask before closing a tab whose session is still open. */
  confirmCloseRunning: z.boolean(),
  /** The profile a new tunnel or shell picks first ('' = the first listed). */
  defaultProfile: z.string().max(256),
  /** Record every new shell tab (asciicast v2 in the user-data folder). */
  recordSessions: z.boolean(),
  /** How much the app writes to its log file (always redacted). */
  logLevel: z.enum(['error', 'warn', 'info', 'debug']),
  /** Shortcut overrides: action id → accelerator ("Ctrl+Shift+T"); unnamed actions keep the default. */
  keybindings: z.record(z.string().max(64), z.string().max(64)),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  terminal: {
    fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    scrollback: 10_000,
    cursorBlink: true,
  },
  profiles: [],
  regions: [],
  confirmCloseRunning: true,
  defaultProfile: '',
  recordSessions: false,
  logLevel: 'info',
  keybindings: {},
};
