import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../src-shared/model/settings.js';
import type { StoreSpec } from './json-store.js';

/**
 * settings.json: what the user chose in the settings view. Format 2 added the default profile,
 * session recording, the log level and keybindings; a format 1 file gets their defaults.
 */
export const SETTINGS_STORE: StoreSpec<Settings> = {
  file: 'settings.json',
  version: 2,
  schema: SettingsSchema,
  defaults: () => structuredClone(DEFAULT_SETTINGS),
  migrations: {
    1: (data) => ({
      defaultProfile: DEFAULT_SETTINGS.defaultProfile,
      recordSessions: DEFAULT_SETTINGS.recordSessions,
      logLevel: DEFAULT_SETTINGS.logLevel,
      keybindings: {},
      ...(typeof data === 'object' && data !== null ? data : {}),
    }),
  },
};

/** favourites.json: instances pinned on top of the browser, by targetKey(). */
export const FAVOURITES_STORE: StoreSpec<string[]> = {
  file: 'favourites.json',
  version: 1,
  schema: z.array(z.string().max(512)).max(10_000),
  defaults: () => [],
};
