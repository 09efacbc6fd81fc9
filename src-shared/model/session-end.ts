import { z } from 'zod';

/**
 * How a session ended, as plain data: `kind` says who ended it, `code` why (the engine's error code,
 * or the kind itself for a normal end), `message` in the engine's words, `output` the service's
 * channel_closed text when there was one.
 */
export const SessionEndInfoSchema = z.object({
  kind: z.enum(['closed', 'timed-out', 'input-ended', 'local', 'failed']),
  code: z.string(),
  message: z.string(),
  output: z.string().optional(),
});
/**
 * How a session ended, as plain data from toSessionEndInfo(): `kind` says who ended it, `code` why
 * (the error's code, or the kind itself for a normal end), `message` in the engine's words, `output`
 * the service's closing text.
 */
export type SessionEndInfo = z.infer<typeof SessionEndInfoSchema>;
