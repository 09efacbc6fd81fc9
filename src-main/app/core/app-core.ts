import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AppInfo } from '../../../src-shared/contract/app-info.js';
import type { CallOutcome } from '../../../src-shared/contract/envelope.js';
import type { ErrorInfo } from '../../../src-shared/model/error-info.js';
import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import type { HistoryEntry } from '../../../src-shared/model/history.js';
import type { Settings } from '../../../src-shared/model/settings.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import type { TunnelSpec } from '../../../src-shared/model/tunnel.js';
import { toErrorInfo } from '../../client/error-info.js';
import type { EmulatorConfig } from '../../emulator/index.js';
import { AppLog, NO_LOG, type AppLogger } from './app-log.js';
import { ContractFailure } from './contract-failure.js';
import type { CoreServices } from './core-services.js';
import { dispatch, type RequestHandlers } from './dispatch.js';
import { EmbeddedEmulator } from './embedded-emulator.js';
import { EventHub, type EventSender } from './event-hub.js';
import { FleetRunner } from './fleet-runner.js';
import { appHandlers } from './handlers/app-handlers.js';
import { identityHandlers } from './handlers/identity-handlers.js';
import { tabHandlers } from './handlers/tab-handlers.js';
import { workspaceHandlers } from './handlers/workspace-handlers.js';
import { HISTORY_STORE, HistoryLog } from './history-log.js';
import { Inventory, type ScopeRef } from './inventory.js';
import { JsonStore, type StoreProblem, type StoreSpec } from './json-store.js';
import { libraryShellStarter } from './library-shell-starter.js';
import { MfaBroker } from './mfa-broker.js';
import { ProfileDirectory } from './profile-directory.js';
import { RecordingLibrary } from './recording-library.js';
import { SessionRecorder } from './session-recorder.js';
import { SsoLogins } from './sso-logins.js';
import type { ShellTab, ShellTabHooks } from './shell-tab.js';
import type { ShellStarter } from './shell-connection.js';
import { ShellTabs } from './shell-tabs.js';
import { TUNNELS_STORE, TunnelManager } from './tunnel-manager.js';
import { FAVOURITES_STORE, SETTINGS_STORE } from './user-data.js';

export interface AppCoreOptions {
  mode: 'electron' | 'browser';
  /** Where settings, saved tunnels, history and recordings are kept. */
  userDataDir: string;
  /** Where AWS settings are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Opens an http(s) URL in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Opens a file with its default program (an .rdp file); default: nothing. */
  openPath?(path: string): Promise<void>;
  /** Diagnostics of the built-in emulator (never secrets). */
  log?: (line: string) => void;
  /** Where the app's redacted log is written (logging/log-file.ts); none when absent. */
  logDirectory?: string;
  /** How shell tabs start sessions (default: the library, through each profile's AwsContext). */
  shellStarter?: ShellStarter;
  /** Start the tunnels marked "start with the app" (default true). */
  autoStartTunnels?: boolean;
  /** The built-in emulator's inventory (default: its own, docs/emulator.md). */
  emulatorConfig?: EmulatorConfig;
}

/** A connected view: it calls the core and receives events until it closes. */
export interface ViewConnection {
  readonly viewId: number;
  call(method: unknown, params: unknown): Promise<CallOutcome>;
  close(): void;
}

/**
 * The desktop app's core, free of Electron: profiles and regions, the instance inventory, shell tabs,
 * saved tunnels, fleet runs, recordings, history, settings and the built-in emulator. Views (Electron
 * windows, browser tabs) are thin: they send requests and receive events through the contract, and
 * a reloaded view finds everything as it was.
 */
export class AppCore {
  readonly emulator: EmbeddedEmulator;
  private readonly services: CoreServices;
  private readonly handlers: RequestHandlers;
  /** Recorders of the tabs that record now, by tab. */
  private readonly liveRecordings = new Map<ShellTab, SessionRecorder>();
  private readonly logger: AppLogger;

  private constructor(
    private readonly options: AppCoreOptions,
    stores: {
      settings: JsonStore<Settings>;
      favourites: JsonStore<string[]>;
      tunnels: JsonStore<TunnelSpec[]>;
      history: JsonStore<HistoryEntry[]>;
    },
    notices: AppInfo['notices'],
  ) {
    const hub = new EventHub();
    const logger: AppLogger = options.logDirectory
      ? new AppLog(options.logDirectory, () => stores.settings.get().logLevel)
      : NO_LOG;
    this.logger = logger;
    for (const notice of notices) logger.log('warn', notice.text);
    const log = options.log ?? ((line: string) => logger.log('debug', 'emulator:', line));
    this.emulator = new EmbeddedEmulator(log, options.emulatorConfig);
    const mfa = new MfaBroker({
      asked: (request) => hub.broadcast('mfa.request', request),
      settled: (requestId) => hub.broadcast('mfa.settled', { requestId }),
    });
    const profiles = new ProfileDirectory(options.env ?? process.env, this.emulator, (profile, serial) =>
      mfa.ask(profile, serial),
    );
    const inventory = new Inventory(profiles, {
      scope: (scope, instances) =>
        hub.broadcast('inventory.scope', instances ? { scope, instances } : { scope }),
      reset: (scopes) => hub.broadcast('inventory.reset', { scopes }),
    });
    const history = new HistoryLog(stores.history, () => hub.broadcast('history.changed', {}));
    const nameOf: CoreServices['nameOf'] = (target) => inventory.find(target)?.name;
    const tabs = new ShellTabs(options.shellStarter ?? libraryShellStarter(profiles), {
      output: (viewId, tabId, data, position) =>
        hub.sendTo([viewId], 'shell.output', { tabId, data, position }),
      changed: (list) => hub.broadcast('tabs.changed', { tabs: list }),
      opened: (tab) => this.tabOpened(tab),
    });
    const tunnelHistory = new Map<string, string>();
    const tunnels = new TunnelManager(stores.tunnels, profiles, {
      changed: (entries) => hub.broadcast('tunnels.changed', { tunnels: entries }),
      status: (statuses) => {
        for (const status of statuses) {
          logger.log(
            'debug',
            `tunnel ${status.id} ${status.state}`,
            status.detail ?? '',
            status.error?.code ?? '',
          );
        }
        hub.broadcast('tunnels.status', { statuses });
      },
      started: (spec, status, instanceId) =>
        tunnelHistory.set(
          spec.id,
          history.begin({
            kind: 'tunnel',
            target: { profile: spec.profile, region: spec.region, instanceId },
            ...(spec.target !== instanceId ? { name: spec.target } : {}),
            detail: spec.name,
            ...(status.sessionId ? { sessionId: status.sessionId } : {}),
          }),
        ),
      stopped: (spec) => {
        const entry = tunnelHistory.get(spec.id);
        if (entry) history.update(entry, { ended: true });
      },
    });
    const describe = (target: TargetRef): { name?: string | undefined; windows: boolean } => {
      const instance = inventory.find(target);
      return { name: instance?.name, windows: instance?.platformType === 'Windows' };
    };
    const fleet = new FleetRunner(profiles, describe, {
      changed: (run) => {
        if (run.finishedAt !== undefined) {
          const failed = run.items.filter((i) => i.state !== 'succeeded').length;
          logger.log(
            'info',
            `fleet run ${run.runId} finished: ${run.items.length} instances, ${failed} not succeeded`,
          );
        }
        hub.broadcast('fleet.changed', { run });
      },
      began: (target, name, command) =>
        history.begin({ kind: 'command', target, ...(name ? { name } : {}), detail: command }),
      finished: (entry, item) =>
        history.update(entry, {
          ...(item.sessionId ? { sessionId: item.sessionId } : {}),
          end: {
            kind: item.state === 'succeeded' ? 'closed' : 'failed',
            code:
              item.error?.code ??
              (item.state === 'succeeded' ? 'closed' : `exit-${item.exitCode ?? 'unknown'}`),
            message: item.error?.message ?? `exit code ${item.exitCode ?? 'unknown'}`,
          },
        }),
    });
    const sso = new SsoLogins(options.env ?? process.env, {
      changed: (login) => hub.broadcast('sso.changed', login),
      openPage: options.openExternal,
      signedIn: (profile) => {
        logger.log('info', `signed in: profile ${profile}`);
        profiles.forget(profile);
        inventory.refresh({ profile });
      },
    });
    const recordings = new RecordingLibrary(
      join(options.userDataDir, 'recordings'),
      () => new Set([...this.liveRecordings.values()].map((recorder) => recorder.id)),
    );
    this.services = {
      mode: options.mode,
      userDataDir: options.userDataDir,
      hub,
      emulator: this.emulator,
      profiles,
      inventory,
      tabs,
      tunnels,
      fleet,
      recordings,
      history,
      mfa,
      sso,
      settings: stores.settings,
      favourites: stores.favourites,
      notices,
      openExternal: options.openExternal,
      openPath: options.openPath ?? (() => Promise.resolve()),
      nameOf,
      settingsChanged: (previous, next) => {
        if (
          previous.profiles.join() !== next.profiles.join() ||
          previous.regions.join() !== next.regions.join()
        ) {
          inventory.choose(this.chosenScopes());
        }
      },
    };
    this.handlers = {
      ...appHandlers(this.services),
      ...tabHandlers(this.services, (tabId, on) => this.setRecording(tabs.get(tabId), on)),
      ...workspaceHandlers(this.services),
      ...identityHandlers(this.services),
    };
  }

  static async create(options: AppCoreOptions): Promise<AppCore> {
    const notices: AppInfo['notices'] = [];
    const open = async <T>(spec: StoreSpec<T>): Promise<JsonStore<T>> => {
      const { store, problem } = await JsonStore.open(options.userDataDir, spec);
      if (problem) notices.push({ level: 'warning', text: describeProblem(problem) });
      return store;
    };
    const core = new AppCore(
      options,
      {
        settings: await open(SETTINGS_STORE),
        favourites: await open(FAVOURITES_STORE),
        tunnels: await open(TUNNELS_STORE),
        history: await open(HISTORY_STORE),
      },
      notices,
    );
    await core.services.profiles.load();
    core.services.inventory.choose(core.chosenScopes());
    if (options.autoStartTunnels !== false) core.services.tunnels.startMarked();
    return core;
  }

  /** A new view; `send` delivers the events meant for it. */
  connectView(send: EventSender): ViewConnection {
    const { hub, tabs, mfa } = this.services;
    const viewId = hub.add(send);
    const caller = { viewId };
    // A question asked before this view existed still needs an answer.
    for (const request of mfa.open()) send('mfa.request', request);
    return {
      viewId,
      call: async (method, params) => {
        const outcome = await dispatch(this.handlers, method, params, caller, describeError);
        if (!outcome.ok && outcome.error.code === 'internal') {
          this.logger.log('error', `request ${String(method)} failed:`, outcome.error.message);
        }
        return outcome;
      },
      close: () => {
        hub.remove(viewId);
        tabs.detachView(viewId);
      },
    };
  }

  /**
   * Imports the tunnels of a .ssmdesk file the user opened with the app (a file association); what
   * came of it is told to every view as a notice (also to views that connect later).
   */
  async openTunnelBundle(path: string): Promise<void> {
    const { tunnels, hub, notices } = this.services;
    let notice: AppInfo['notices'][number];
    try {
      const added = await tunnels.importBundle(await readFile(path, 'utf8'));
      notice = { level: 'info', text: `${added.length} tunnel(s) imported from ${basename(path)}` };
    } catch (error) {
      notice = { level: 'error', text: `${basename(path)}: ${describeError(error).message}` };
    }
    notices.push(notice);
    hub.broadcast('app.notice', notice);
  }

  async close(): Promise<void> {
    const { inventory, tabs, tunnels, fleet, mfa, sso } = this.services;
    inventory.close();
    fleet.closeAll();
    mfa.cancelAll();
    sso.cancelAll();
    await Promise.allSettled([tabs.closeAll(), tunnels.closeAll()]);
    await Promise.allSettled([...this.liveRecordings.values()].map((recorder) => recorder.close()));
    await this.emulator.close();
  }

  /** The profiles × regions the instance browser lists, from the settings. */
  private chosenScopes(): ScopeRef[] {
    const { settings, profiles } = this.services;
    const chosenIds = settings.get().profiles;
    const regions = settings.get().regions;
    const known = profiles.list();
    let chosen = chosenIds.length
      ? known.filter((p) => chosenIds.includes(p.id))
      : known.filter((p) => p.id !== EMULATOR_PROFILE_ID);
    // No AWS configuration (or none of the chosen exists): the built-in emulator.
    if (chosen.length === 0) chosen = known.filter((p) => p.id === EMULATOR_PROFILE_ID);
    return chosen.flatMap((profile) =>
      (profile.id === EMULATOR_PROFILE_ID || regions.length === 0
        ? profiles.defaultRegions(profile)
        : regions
      ).map((region) => ({ profile: profile.id, region })),
    );
  }

  /** History for every tab, and recording when the settings say to record every shell. */
  private tabOpened(tab: ShellTab): Pick<ShellTabHooks, 'sessionStarted' | 'sessionEnded'> {
    const { history, settings } = this.services;
    let entry: string | undefined;
    if (settings.get().recordSessions) void this.setRecording(tab, true);
    return {
      sessionStarted: (sessionId) => {
        this.logger.log(
          'info',
          `shell ${sessionId} on ${tab.target.instanceId} (${tab.target.profile}, ${tab.target.region})`,
        );
        entry = history.begin({
          kind: 'shell',
          target: tab.target,
          ...(tab.targetName ? { name: tab.targetName } : {}),
          sessionId,
        });
      },
      sessionEnded: (end) => {
        this.logger.log(
          end.kind === 'failed' ? 'warn' : 'info',
          `shell on ${tab.target.instanceId} ended: ${end.code}`,
          end.message,
        );
        if (entry) history.update(entry, { end });
      },
    };
  }

  /** Starts or stops recording a tab; the recordings list is announced either way. */
  private async setRecording(tab: ShellTab, on: boolean): Promise<void> {
    const { recordings, hub } = this.services;
    const current = this.liveRecordings.get(tab);
    if (on && !current) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const id = `${stamp}-${tab.title.replace(/[^\w.-]+/g, '-').slice(0, 60)}-${randomUUID().slice(0, 8)}`;
      const size = tab.terminalSize;
      const recorder = await SessionRecorder.start(recordings.directory, id, {
        title: tab.title,
        cols: size.cols,
        rows: size.rows,
        target: tab.target,
      });
      this.liveRecordings.set(tab, recorder);
      tab.startRecording({
        output: (text) => recorder.output(text),
        resize: (cols, rows) => recorder.resize(cols, rows),
        close: async () => {
          await recorder.close();
          if (this.liveRecordings.get(tab) === recorder) this.liveRecordings.delete(tab);
          hub.broadcast('recordings.changed', { recordings: await recordings.list() });
        },
      });
    } else if (!on && current) {
      await tab.stopRecording();
    }
    hub.broadcast('recordings.changed', { recordings: await recordings.list() });
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
