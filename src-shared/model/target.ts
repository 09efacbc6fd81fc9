import { z } from 'zod';

/** Where a session goes: the instance, and the profile × region it was listed with. */
export const TargetRefSchema = z.object({
  profile: z.string().min(1).max(256),
  region: z.string().min(1).max(64),
  instanceId: z.string().min(1).max(128),
});
export type TargetRef = z.infer<typeof TargetRefSchema>;

/** A stable key for an instance row: the same id may appear under several profiles. */
export function targetKey(target: TargetRef): string {
  return `${target.profile}|${target.region}|${target.instanceId}`;
}
