import { z } from 'zod';

/** One profile × region that could not be listed; the others still are. */
export const ListErrorSchema = z.object({
  region: z.string(),
  profile: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ListError = z.infer<typeof ListErrorSchema>;
