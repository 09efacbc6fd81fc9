import { z } from 'zod';
import { ErrorInfoSchema } from './error-info.js';

/** One profile × region of the instance browser: its loading state and how many instances it holds. */
export const InventoryScopeSchema = z.object({
  profile: z.string(),
  region: z.string(),
  status: z.enum(['loading', 'ready', 'error']),
  /** Instances listed so far (all of them once ready). */
  count: z.number().int().nonnegative(),
  error: ErrorInfoSchema.optional(),
  /** When it last finished loading (epoch ms). */
  loadedAt: z.number().optional(),
});
export type InventoryScope = z.infer<typeof InventoryScopeSchema>;
