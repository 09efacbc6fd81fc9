import { PRODUCT_VERSION } from '../../../../src-shared/version.js';
import type { SettingsPatch } from '../../../../src-shared/contract/requests.js';
import { SettingsSchema, type Settings } from '../../../../src-shared/model/settings.js';
import type { CoreServices } from '../core-services.js';
import type { RequestHandlers } from '../dispatch.js';
import { sshConfigEntry } from '../ssh-config-entry.js';

type AppHandlers = Pick<
  RequestHandlers,
  | 'app.hello'
  | 'app.openExternal'
  | 'profiles.list'
  | 'settings.get'
  | 'settings.update'
  | 'inventory.get'
  | 'inventory.refresh'
  | 'favourites.set'
  | 'instances.sshConfig'
>;

/** The app itself, its settings and the instance browser's data. */
export function appHandlers(core: CoreServices): AppHandlers {
  return {
    'app.hello': () => ({
      version: PRODUCT_VERSION,
      mode: core.mode,
      platform: process.platform,
      emulator: core.emulator.started,
      notices: core.notices,
    }),
    'app.openExternal': async ({ url }) => {
      await core.openExternal(url);
      return {};
    },
    'profiles.list': () => core.profiles.list(),
    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => updateSettings(core, patch),
    'inventory.get': () => ({ ...core.inventory.snapshot(), favourites: core.favourites.get() }),
    'inventory.refresh': (filter) => {
      core.inventory.refresh(filter);
      return {};
    },
    'favourites.set': async ({ key, favourite }) => {
      const current = core.favourites.get().filter((k) => k !== key);
      const next = favourite ? [...current, key] : current;
      await core.favourites.set(next);
      core.hub.broadcast('favourites.changed', { favourites: next });
      return next;
    },
    'instances.sshConfig': (target) => ({ text: sshConfigEntry(target, core.nameOf(target)) }),
  };
}

async function updateSettings(core: CoreServices, patch: SettingsPatch): Promise<Settings> {
  const previous = core.settings.get();
  const next = SettingsSchema.parse({
    ...previous,
    ...patch,
    terminal: { ...previous.terminal, ...patch.terminal },
  });
  await core.settings.set(next);
  core.hub.broadcast('settings.changed', next);
  core.settingsChanged(previous, next);
  return next;
}
