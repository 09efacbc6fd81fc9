import { z } from 'zod';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../src-shared/model/settings.js';
import type { StoreSpec } from './json-store.js';

/** settings.json: what the user chose in the settings view. */
export const SETTINGS_STORE: StoreSpec<Settings> = {
  file: 'settings.json',
  version: 1,
  schema: SettingsSchema,
  defaults: () => structuredClone(DEFAULT_SETTINGS),
};

/** favourites.json: instances pinned on top of the browser, by targetKey(). */
export const FAVOURITES_STORE: StoreSpec<string[]> = {
  file: 'favourites.json',
  version: 1,
  schema: z.array(z.string().max(512)).max(10_000),
  defaults: () => [],
};
