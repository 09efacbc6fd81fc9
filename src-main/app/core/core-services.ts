import type { AppInfo } from '../../../src-shared/contract/app-info.js';
import type { Settings } from '../../../src-shared/model/settings.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import type { EmbeddedEmulator } from './embedded-emulator.js';
import type { EventHub } from './event-hub.js';
import type { FleetRunner } from './fleet-runner.js';
import type { HistoryLog } from './history-log.js';
import type { Inventory } from './inventory.js';
import type { JsonStore } from './json-store.js';
import type { MfaBroker } from './mfa-broker.js';
import type { ProfileDirectory } from './profile-directory.js';
import type { RecordingLibrary } from './recording-library.js';
import type { ShellTabs } from './shell-tabs.js';
import type { SsoLogins } from './sso-logins.js';
import type { TunnelManager } from './tunnel-manager.js';

/** What the request handlers work with: the core's parts, each owning its own state. */
export interface CoreServices {
  readonly mode: 'electron' | 'browser';
  readonly userDataDir: string;
  readonly hub: EventHub;
  readonly emulator: EmbeddedEmulator;
  readonly profiles: ProfileDirectory;
  readonly inventory: Inventory;
  readonly tabs: ShellTabs;
  readonly tunnels: TunnelManager;
  readonly fleet: FleetRunner;
  readonly recordings: RecordingLibrary;
  readonly history: HistoryLog;
  readonly mfa: MfaBroker;
  readonly sso: SsoLogins;
  readonly settings: JsonStore<Settings>;
  readonly favourites: JsonStore<string[]>;
  readonly notices: AppInfo['notices'];
  openExternal(url: string): Promise<void>;
  openPath(path: string): Promise<void>;
  /** The instance's Name tag, when the inventory knows it. */
  nameOf(target: TargetRef): string | undefined;
  /** Settings changed: the core re-chooses what it lists and records. */
  settingsChanged(previous: Settings, next: Settings): void;
}
