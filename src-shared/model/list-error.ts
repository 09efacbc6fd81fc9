import { z } from 'zod';

/** One profile × region that could not be listed; the others still are. */
export const ListErrorSchema = z.object({
  region: z.string(),
  profile: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
/**
 * One profile×region that listInstances() could not list, with the error's `code` and `message` (as
 * toErrorInfo() gives them); the instances of the others are still in the result.
 */
export type ListError = z.infer<typeof ListErrorSchema>;
