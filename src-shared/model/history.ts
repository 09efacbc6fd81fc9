import { z } from 'zod';
import { SessionEndInfoSchema } from './session-end.js';
import { TargetRefSchema } from './target.js';

/** One session the app opened: what, when, where, how it ended. Kept in history.json. */
export const HistoryEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['shell', 'tunnel', 'command']),
  target: TargetRefSchema,
  name: z.string().optional(),
  sessionId: z.string().optional(),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  end: SessionEndInfoSchema.optional(),
  /** What ran (a fleet command), or the tunnel's name. */
  detail: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
