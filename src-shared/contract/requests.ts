import { z } from 'zod';
import { InstanceRecordSchema } from '../model/instance.js';
import { InventoryScopeSchema } from '../model/inventory.js';
import { ProfileInfoSchema } from '../model/profile.js';
import { SettingsSchema, TerminalSettingsSchema, ThemeSchema } from '../model/settings.js';
import { TabInfoSchema } from '../model/tab.js';
import { TargetRefSchema } from '../model/target.js';
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
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

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
  /** A new session in an ended tab. */
  'shell.reconnect': { params: z.object({ tabId }).strict(), result: TabInfoSchema },
} as const;

export type RequestName = keyof typeof requests;
export type RequestParams<N extends RequestName> = z.input<(typeof requests)[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<(typeof requests)[N]['params']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requests)[N]['result']>;

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}
