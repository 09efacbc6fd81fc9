import { z } from 'zod';

/** The id of the built-in emulator's profile: never a name from the AWS config files (they have no '@'). */
export const EMULATOR_PROFILE_ID = '@emulator';
export const EMULATOR_PROFILE_LABEL = 'Local emulator';

/** How a profile gets its credentials, as far as the app needs to know (what to show, what sign-in). */
export const ProfileKindSchema = z.enum([
  'emulator',
  'static',
  'sso',
  'assume-role',
  'credential-process',
  'environment',
  'other',
]);
export type ProfileKind = z.infer<typeof ProfileKindSchema>;

/** A profile the app can list instances with. Never holds credentials: only what the user configured. */
export const ProfileInfoSchema = z.object({
  /** The profile's name in the AWS config files, or EMULATOR_PROFILE_ID. */
  id: z.string().min(1).max(256),
  /** What the user sees ("Local emulator" for the emulator). */
  label: z.string(),
  kind: ProfileKindSchema,
  /** The profile's own region setting. */
  region: z.string().optional(),
  /** Regions the profile can list (the emulator's own, or every region the user chose). */
  regions: z.array(z.string()).optional(),
  /** The SSO start URL, for sign-in. */
  ssoStartUrl: z.string().optional(),
  /** Getting credentials asks for an MFA code. */
  needsMfa: z.boolean(),
});
export type ProfileInfo = z.infer<typeof ProfileInfoSchema>;
