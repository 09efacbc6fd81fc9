import { z } from 'zod';
import { InstanceRecordSchema } from '../model/instance.js';
import { InventoryScopeSchema } from '../model/inventory.js';
import { ProfileInfoSchema } from '../model/profile.js';
import { SettingsSchema } from '../model/settings.js';
import { TabInfoSchema } from '../model/tab.js';
import { FleetRunSchema } from '../model/fleet.js';
import { MfaRequestSchema, SsoLoginSchema } from '../model/identity.js';
import { RecordingInfoSchema } from '../model/recording.js';
import { TunnelEntrySchema, TunnelStatusSchema } from '../model/tunnel.js';

/** Everything the core pushes to views, with the schema of each payload. */
export const events = {
  /**
   * Output of a tab the view attached to, decoded as UTF-8 (split sequences carried over).
   * `position`: characters of output the tab has had, up to the end of `data` (see shell.attach).
   */
  'shell.output': z.object({ tabId: z.string(), data: z.string(), position: z.number().int().nonnegative() }),
  /** Every tab, in order, after any change to one of them. */
  'tabs.changed': z.object({ tabs: z.array(TabInfoSchema) }),
  /** A profile × region changed state; `instances` (all of the scope's) come when it is ready. */
  'inventory.scope': z.object({
    scope: InventoryScopeSchema,
    instances: z.array(InstanceRecordSchema).optional(),
  }),
  /** The chosen scopes changed: forget every row; scopes follow as they load. */
  'inventory.reset': z.object({ scopes: z.array(InventoryScopeSchema) }),
  'favourites.changed': z.object({ favourites: z.array(z.string()) }),
  'settings.changed': SettingsSchema,
  'profiles.changed': z.object({ profiles: z.array(ProfileInfoSchema) }),
  /** Every saved tunnel with its status, after a tunnel was saved, deleted or imported. */
  'tunnels.changed': z.object({ tunnels: z.array(TunnelEntrySchema) }),
  /** Live states and counters of the tunnels that changed, batched to a few a second. */
  'tunnels.status': z.object({ statuses: z.array(TunnelStatusSchema) }),
  /** A fleet run changed (batched to a few a second while it runs). */
  'fleet.changed': z.object({ run: FleetRunSchema }),
  'sso.changed': SsoLoginSchema,
  /** The engine needs an MFA code: answer with mfa.answer (or mfa.cancel). */
  'mfa.request': MfaRequestSchema,
  /** An MFA question was answered or cancelled (in this view or another): close its dialog. */
  'mfa.settled': z.object({ requestId: z.string() }),
  'recordings.changed': z.object({ recordings: z.array(RecordingInfoSchema) }),
  'history.changed': z.object({}),
  /** Something the user should know that belongs to no view (e.g. a settings file that was corrupt). */
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), text: z.string() }),
} as const;

export type EventName = keyof typeof events;
export type EventPayload<N extends EventName> = z.output<(typeof events)[N]>;

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}
