import { z } from 'zod';
import { TargetRefSchema } from './target.js';

/** A recorded shell session (an asciicast v2 file in the user-data folder). */
export const RecordingInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  target: TargetRefSchema.optional(),
  startedAt: z.number(),
  durationMs: z.number(),
  bytes: z.number().int(),
  /** Still being written (its tab records). */
  live: z.boolean(),
});
export type RecordingInfo = z.infer<typeof RecordingInfoSchema>;

/** asciicast v2 as the player needs it: the size, then [seconds, "o" | "r", data] events. */
export const RecordingContentSchema = z.object({
  width: z.number().int(),
  height: z.number().int(),
  events: z.array(z.tuple([z.number(), z.enum(['o', 'r']), z.string()])),
  /** The file was longer than what is given (the player shows the start). */
  truncated: z.boolean(),
});
export type RecordingContent = z.infer<typeof RecordingContentSchema>;
