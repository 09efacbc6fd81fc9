import { z } from 'zod';
import { InstanceRecordSchema } from '../model/instance.js';
import { InventoryScopeSchema } from '../model/inventory.js';
import { ProfileInfoSchema } from '../model/profile.js';
import { SettingsSchema, TerminalSettingsSchema, ThemeSchema } from '../model/settings.js';
import { TabInfoSchema } from '../model/tab.js';
import { TargetRefSchema } from '../model/target.js';
import { DatabaseRecordSchema } from '../model/database.js';
import { FleetRunSchema } from '../model/fleet.js';
import { HistoryEntrySchema } from '../model/history.js';
import { ProfileIdentitySchema, SsoLoginSchema } from '../model/identity.js';
import { RecordingContentSchema, RecordingInfoSchema } from '../model/recording.js';
import { TunnelEntrySchema, TunnelSpecSchema, TunnelStatusSchema } from '../model/tunnel.js';
import { ErrorInfoSchema } from '../model/error-info.js';
import { AppInfoSchema } from './app-info.js';

/** Every request the renderer may send, with the schema of its params and of its result. */
const none = z.object({}).strict();
const tabId = z.string().min(1).max(64);
const size = z.object({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});

/** Text typed or pasted in one message; the renderer splits longer pastes. */
export const MAX_INPUT_CHARS = 64 * 1024;

export const SettingsPatchSchema = z
  .object({
    theme: ThemeSchema,
    terminal: TerminalSettingsSchema.partial().strict(),
    profiles: SettingsSchema.shape.profiles,
    regions: SettingsSchema.shape.regions,
    confirmCloseRunning: z.boolean(),
    defaultProfile: SettingsSchema.shape.defaultProfile,
    recordSessions: z.boolean(),
    logLevel: SettingsSchema.shape.logLevel,
    keybindings: SettingsSchema.shape.keybindings,
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** A tunnel as the form sends it: without an id when it is new. */
const TunnelSpecDraftSchema = z.object({
  ...TunnelSpecSchema.shape,
  id: z.string().min(1).max(64).optional(),
});

export const InventorySnapshotSchema = z.object({
  scopes: z.array(InventoryScopeSchema),
  instances: z.array(InstanceRecordSchema),
  /** targetKey()s of the user's favourites. */
  favourites: z.array(z.string()),
});
export type InventorySnapshot = z.infer<typeof InventorySnapshotSchema>;

export const requests = {
  'app.hello': { params: none, result: AppInfoSchema },
  /** Opens an http(s) URL in the system browser (never inside the app). */
  'app.openExternal': { params: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(), result: none },

  'profiles.list': { params: none, result: z.array(ProfileInfoSchema) },

  'settings.get': { params: none, result: SettingsSchema },
  'settings.update': { params: SettingsPatchSchema, result: SettingsSchema },

  'inventory.get': { params: none, result: InventorySnapshotSchema },
  /** Lists every chosen profile × region again (or only one scope). */
  'inventory.refresh': {
    params: z
      .object({ profile: z.string().max(256), region: z.string().max(64) })
      .partial()
      .strict(),
    result: none,
  },
  'favourites.set': {
    params: z.object({ key: z.string().min(1).max(512), favourite: z.boolean() }).strict(),
    result: z.array(z.string()),
  },
  /** An OpenSSH config entry that reaches the instance through `ssm-desk ssh`. */
  'instances.sshConfig': { params: TargetRefSchema.strict(), result: z.object({ text: z.string() }) },

  'tabs.list': { params: none, result: z.array(TabInfoSchema) },
  'tabs.rename': { params: z.object({ tabId, title: z.string().min(1).max(200) }).strict(), result: none },
  /** The new order of every tab (ids not named keep their relative order at the end). */
  'tabs.reorder': { params: z.object({ order: z.array(tabId).max(1000) }).strict(), result: none },
  'tabs.duplicate': { params: z.object({ tabId }).strict(), result: TabInfoSchema },
  /** Ends the tab's session (TerminateSession) and removes the tab. */
  'tabs.close': { params: z.object({ tabId }).strict(), result: none },

  /** Opens a shell tab; resolves once the tab exists (its session starts in the background). */
  'shell.open': {
    params: z
      .object({ target: TargetRefSchema.strict(), title: z.string().min(1).max(200).optional(), size })
      .strict(),
    result: TabInfoSchema,
  },
  /** Keystrokes or pasted text. `binary`: xterm.js's onBinary (each char one byte), else UTF-8. */
  'shell.input': {
    params: z
      .object({ tabId, data: z.string().max(MAX_INPUT_CHARS), binary: z.boolean().optional() })
      .strict(),
    result: none,
  },
  'shell.resize': { params: z.object({ tabId, size }).strict(), result: none },
  /**
   * Flow control: the view has written this many characters of the tab's output to its terminal.
   * Output is paused while a view is too far behind (xterm.js's watermark pattern).
   */
  'shell.ack': {
    params: z.object({ tabId, chars: z.number().int().nonnegative().max(1e9) }).strict(),
    result: none,
  },
  /**
   * Starts output events for the tab in this view; returns the recent output to replay first and
   * the position of its end: an output event whose `position` is not beyond it is already replayed.
   */
  'shell.attach': {
    params: z.object({ tabId }).strict(),
    result: z.object({ data: z.string(), position: z.number().int().nonnegative() }),
  },
  /**
   * The tab this view shows (null: none, e.g. another view of the app is open). Its output is sent
   * first; background tabs share a smaller window (the core's flow control).
   */
  'shell.focus': { params: z.object({ tabId: tabId.nullable() }).strict(), result: none },
  /** A new session in an ended tab. */
  'shell.reconnect': { params: z.object({ tabId }).strict(), result: TabInfoSchema },
  /** The tabs whose input is shared: what is typed in one goes to all (empty ends broadcasting). */
  'tabs.broadcast': { params: z.object({ tabIds: z.array(tabId).max(100) }).strict(), result: none },
  /** Starts or stops recording a tab's output. */
  'tabs.record': { params: z.object({ tabId, on: z.boolean() }).strict(), result: none },

  /** Who the profile signs in as (STS GetCallerIdentity); an error says what to do. */
  'profiles.identity': {
    params: z.object({ profile: z.string().min(1).max(256) }).strict(),
    result: ProfileIdentitySchema,
  },
  /** Starts an IAM Identity Center device sign-in for an SSO profile; follow it with sso.changed. */
  'sso.login': { params: z.object({ profile: z.string().min(1).max(256) }).strict(), result: SsoLoginSchema },
  'sso.cancel': { params: z.object({ loginId: z.string().max(64) }).strict(), result: none },
  /** The answer to an mfa.request event; never stored. */
  'mfa.answer': {
    params: z.object({ requestId: z.string().max(64), code: z.string().regex(/^\d{6}$/) }).strict(),
    result: none,
  },
  'mfa.cancel': { params: z.object({ requestId: z.string().max(64) }).strict(), result: none },

  'tunnels.list': { params: none, result: z.array(TunnelEntrySchema) },
  /** Creates (no id) or replaces a saved tunnel; a running tunnel keeps running with its old settings. */
  'tunnels.save': {
    params: z.object({ spec: TunnelSpecDraftSchema }).strict(),
    result: TunnelSpecSchema,
  },
  'tunnels.delete': { params: z.object({ id: z.string().max(64) }).strict(), result: none },
  'tunnels.duplicate': { params: z.object({ id: z.string().max(64) }).strict(), result: TunnelSpecSchema },
  /** Starts a saved tunnel; a local port in use is refused before anything starts. */
  'tunnels.start': { params: z.object({ id: z.string().max(64) }).strict(), result: TunnelStatusSchema },
  'tunnels.stop': { params: z.object({ id: z.string().max(64) }).strict(), result: TunnelStatusSchema },
  /** Is this local port free? If not, who holds it (where the platform tells). */
  'tunnels.checkPort': {
    params: z.object({ bindAddress: z.string().max(64), port: z.number().int().min(1).max(65_535) }).strict(),
    result: z.object({ free: z.boolean(), holder: z.string().optional() }),
  },
  /** Saved tunnels as a .ssmdesk bundle (JSON) to save as a file. */
  'tunnels.export': {
    params: z.object({ ids: z.array(z.string().max(64)).max(1000) }).strict(),
    result: z.object({ fileName: z.string(), text: z.string() }),
  },
  /** Adds the tunnels of a .ssmdesk bundle (new ids; none starts by itself). */
  'tunnels.import': {
    params: z.object({ text: z.string().max(1024 * 1024) }).strict(),
    result: z.array(TunnelSpecSchema),
  },
  /** Remote desktop to a Windows instance: 3389 forwarded to a free local port, an .rdp file opened. */
  'tunnels.rdp': {
    params: TargetRefSchema.strict(),
    result: z.object({ tunnelId: z.string(), localPort: z.number().int(), file: z.string() }),
  },

  /** RDS instances and Aurora clusters of every chosen profile × region (every page). */
  'databases.list': {
    params: none,
    result: z.object({
      databases: z.array(DatabaseRecordSchema),
      errors: z.array(z.object({ profile: z.string(), region: z.string(), error: ErrorInfoSchema })),
    }),
  },

  /** Runs one command on several instances (non-interactive command sessions), at most `concurrency` at once. */
  'fleet.start': {
    params: z
      .object({
        targets: z.array(TargetRefSchema.strict()).min(1).max(5000),
        command: z.string().trim().min(1).max(8192),
        concurrency: z.number().int().min(1).max(100),
      })
      .strict(),
    result: FleetRunSchema,
  },
  'fleet.list': { params: none, result: z.array(FleetRunSchema) },
  /** A new run of the same command on the instances that failed. */
  'fleet.rerunFailed': { params: z.object({ runId: z.string().max(64) }).strict(), result: FleetRunSchema },
  'fleet.cancel': { params: z.object({ runId: z.string().max(64) }).strict(), result: none },
  /** One instance's output (stdout and stderr apart; the first MiB of each). */
  'fleet.output': {
    params: z.object({ runId: z.string().max(64), key: z.string().max(512) }).strict(),
    result: z.object({ stdout: z.string(), stderr: z.string(), truncated: z.boolean() }),
  },
  'fleet.export': {
    params: z.object({ runId: z.string().max(64), format: z.enum(['json', 'csv']) }).strict(),
    result: z.object({ fileName: z.string(), text: z.string() }),
  },

  'recordings.list': { params: none, result: z.array(RecordingInfoSchema) },
  'recordings.get': {
    params: z.object({ id: z.string().max(128) }).strict(),
    result: RecordingContentSchema,
  },
  'recordings.delete': { params: z.object({ id: z.string().max(128) }).strict(), result: none },

  'history.list': { params: none, result: z.array(HistoryEntrySchema) },
  'history.clear': { params: none, result: none },
} as const;

export type RequestName = keyof typeof requests;
export type RequestParams<N extends RequestName> = z.input<(typeof requests)[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<(typeof requests)[N]['params']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>;

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}
