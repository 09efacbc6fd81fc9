import { toErrorInfo } from '../../client/error-info.js';
import { PRODUCT_VERSION } from '../../../src-shared/version.js';
import type { CallOutcome } from '../../../src-shared/contract/envelope.js';
import type { AppInfo } from '../../../src-shared/contract/app-info.js';
import type { SettingsPatch } from '../../../src-shared/contract/requests.js';
import type { ErrorInfo } from '../../../src-shared/model/error-info.js';
import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import { SettingsSchema, type Settings } from '../../../src-shared/model/settings.js';
import { ContractFailure } from './contract-failure.js';
import { dispatch, type RequestHandlers } from './dispatch.js';
import { EmbeddedEmulator } from './embedded-emulator.js';
import { EventHub, type EventSender } from './event-hub.js';
import { Inventory, type ScopeRef } from './inventory.js';
import { JsonStore, type StoreProblem } from './json-store.js';
import { libraryShellStarter } from './library-shell-starter.js';
import { ProfileDirectory } from './profile-directory.js';
import type { ShellStarter } from './shell-connection.js';
import { ShellTabs } from './shell-tabs.js';
import { sshConfigEntry } from './ssh-config-entry.js';
import { FAVOURITES_STORE, SETTINGS_STORE } from './user-data.js';

export interface AppCoreOptions {
  mode: 'electron' | 'browser';
  /** Where settings and favourites are kept (Electron's userData, or ~/.config/ssm-desk). */
  userDataDir: string;
  /** Where AWS settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Opens an http(s) URL in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Diagnostics (never secrets). */
  log?: (line: string) => void;
  /** How shell tabs start sessions (default: the library, through each profile's AwsContext). */
  shellStarter?: ShellStarter;
}

/** A connected view: it calls the core and receives events until it closes. */
export interface ViewConnection {
  readonly viewId: number;
  call(method: unknown, params: unknown): Promise<CallOutcome>;
  close(): void;
}

type Notice = AppInfo['notices'][number];

/**
 * The desktop app's core, free of Electron: profiles and regions, the instance inventory, shell tabs,
 * settings and the built-in emulator. Views (Electron windows, browser tabs) are thin: they send
 * requests and receive events through the contract, and a reloaded view finds everything as it was.
 */
export class AppCore {
  readonly emulator: EmbeddedEmulator;
  private readonly hub = new EventHub();
  private readonly profiles: ProfileDirectory;
  private readonly inventory: Inventory;
  private readonly tabs: ShellTabs;
  private readonly handlers: RequestHandlers;
  private readonly notices: Notice[] = [];

  private constructor(
    private readonly options: AppCoreOptions,
    private readonly settings: JsonStore<Settings>,
    private readonly favourites: JsonStore<string[]>,
  ) {
    const log = options.log ?? (() => undefined);
    this.emulator = new EmbeddedEmulator(log);
    this.profiles = new ProfileDirectory(options.env ?? process.env, this.emulator);
    this.inventory = new Inventory(this.profiles, {
      scope: (scope, instances) =>
        this.hub.broadcast('inventory.scope', instances ? { scope, instances } : { scope }),
      reset: (scopes) => this.hub.broadcast('inventory.reset', { scopes }),
    });
    this.tabs = new ShellTabs(options.shellStarter ?? libraryShellStarter(this.profiles), {
      output: (views, tabId, data, position) =>
        this.hub.sendTo(views, 'shell.output', { tabId, data, position }),
      changed: (tabs) => this.hub.broadcast('tabs.changed', { tabs }),
    });
    this.handlers = this.createHandlers();
  }

  static async create(options: AppCoreOptions): Promise<AppCore> {
    const settings = await JsonStore.open(options.userDataDir, SETTINGS_STORE);
    const favourites = await JsonStore.open(options.userDataDir, FAVOURITES_STORE);
    const core = new AppCore(options, settings.store, favourites.store);
    for (const problem of [settings.problem, favourites.problem]) {
      if (problem) core.notices.push({ level: 'warning', text: describeProblem(problem) });
    }
    await core.profiles.load();
    core.inventory.choose(core.chosenScopes());
    return core;
  }

  /** A new view; `send` delivers the events meant for it. */
  connectView(send: EventSender): ViewConnection {
    const viewId = this.hub.add(send);
    const caller = { viewId };
    return {
      viewId,
      call: (method, params) => dispatch(this.handlers, method, params, caller, describeError),
      close: () => {
        this.hub.remove(viewId);
        this.tabs.detachView(viewId);
      },
    };
  }

  async close(): Promise<void> {
    this.inventory.close();
    await this.tabs.closeAll();
    await this.emulator.close();
  }

  /** The profiles × regions the instance browser lists, from the settings. */
  private chosenScopes(): ScopeRef[] {
    const settings = this.settings.get();
    const known = this.profiles.list();
    let chosen = settings.profiles.length
      ? known.filter((p) => settings.profiles.includes(p.id))
      : known.filter((p) => p.id !== EMULATOR_PROFILE_ID);
    // No AWS configuration (or none of the chosen exists): the built-in emulator.
    if (chosen.length === 0) chosen = known.filter((p) => p.id === EMULATOR_PROFILE_ID);
    return chosen.flatMap((profile) => {
      const regions =
        profile.id === EMULATOR_PROFILE_ID || settings.regions.length === 0
          ? this.profiles.defaultRegions(profile)
          : settings.regions;
      return regions.map((region) => ({ profile: profile.id, region }));
    });
  }

  private async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const current = this.settings.get();
    const next = SettingsSchema.parse({
      ...current,
      ...patch,
      terminal: { ...current.terminal, ...patch.terminal },
    });
    await this.settings.set(next);
    this.hub.broadcast('settings.changed', next);
    if (patch.profiles || patch.regions) this.inventory.choose(this.chosenScopes());
    return next;
  }

  private async setFavourite(key: string, favourite: boolean): Promise<string[]> {
    const current = this.favourites.get().filter((k) => k !== key);
    const next = favourite ? [...current, key] : current;
    await this.favourites.set(next);
    this.hub.broadcast('favourites.changed', { favourites: next });
    return next;
  }

  private createHandlers(): RequestHandlers {
    return {
      'app.hello': () => ({
        version: PRODUCT_VERSION,
        mode: this.options.mode,
        platform: process.platform,
        emulator: this.emulator.started,
        notices: this.notices,
      }),
      'app.openExternal': async ({ url }) => {
        await this.options.openExternal(url);
        return {};
      },
      'profiles.list': () => this.profiles.list(),
      'settings.get': () => this.settings.get(),
      'settings.update': (patch) => this.updateSettings(patch),
      'inventory.get': () => ({ ...this.inventory.snapshot(), favourites: this.favourites.get() }),
      'inventory.refresh': (filter) => {
        this.inventory.refresh(filter);
        return {};
      },
      'favourites.set': ({ key, favourite }) => this.setFavourite(key, favourite),
      'instances.sshConfig': (target) => ({
        text: sshConfigEntry(target, this.inventory.find(target)?.name),
      }),
      'tabs.list': () => this.tabs.list(),
      'tabs.rename': ({ tabId, title }) => {
        this.tabs.rename(tabId, title);
        return {};
      },
      'tabs.reorder': ({ order }) => {
        this.tabs.reorder(order);
        return {};
      },
      'tabs.duplicate': ({ tabId }) => this.tabs.duplicate(tabId, { cols: 80, rows: 24 }),
      'tabs.close': async ({ tabId }) => {
        await this.tabs.close(tabId);
        return {};
      },
      'shell.open': ({ target, title, size }) => {
        const name = this.inventory.find(target)?.name;
        return this.tabs.open(target, title ?? name ?? target.instanceId, name, size);
      },
      'shell.input': ({ tabId, data, binary }) => {
        if (!this.tabs.get(tabId).input(data, binary ?? false)) {
          throw new ContractFailure('not-ended', 'the session has ended: reconnect to type again');
        }
        return {};
      },
      'shell.resize': ({ tabId, size }) => {
        this.tabs.get(tabId).resize(size);
        return {};
      },
      'shell.ack': ({ tabId, chars }, { viewId }) => {
        this.tabs.get(tabId).acknowledge(viewId, chars);
        return {};
      },
      'shell.attach': ({ tabId }, { viewId }) => this.tabs.get(tabId).attach(viewId),
      'shell.reconnect': ({ tabId }) => this.tabs.reconnect(tabId),
    };
  }
}

function describeProblem(problem: StoreProblem): string {
  return `${problem.file} could not be read (${problem.reason}); it was kept as ${problem.keptAs} and defaults are used`;
}

/** The core's own refusals keep their code; everything else is classified by the engine's layers. */
function describeError(error: unknown): ErrorInfo {
  if (error instanceof ContractFailure) return { code: error.code, message: error.message };
  const info = toErrorInfo(error);
  return info.code === 'unknown' ? { ...info, code: 'internal' } : info;
}
