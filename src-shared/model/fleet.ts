import { z } from 'zod';
import { ErrorInfoSchema } from './error-info.js';
import { TargetRefSchema } from './target.js';

export const FleetItemStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type FleetItemState = z.infer<typeof FleetItemStateSchema>;

/** One instance of a fleet run: its state, exit code and how long it took. */
export const FleetItemSchema = z.object({
  key: z.string(),
  target: TargetRefSchema,
  name: z.string().optional(),
  state: FleetItemStateSchema,
  exitCode: z.number().int().optional(),
  durationMs: z.number().optional(),
  sessionId: z.string().optional(),
  error: ErrorInfoSchema.optional(),
  /** Bytes of output kept (fleet.output gives it). */
  outputBytes: z.number().int().nonnegative(),
});
export type FleetItem = z.infer<typeof FleetItemSchema>;

/** A command run on several instances at once, with a concurrency limit. */
export const FleetRunSchema = z.object({
  runId: z.string(),
  command: z.string(),
  concurrency: z.number().int(),
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  items: z.array(FleetItemSchema),
});
export type FleetRun = z.infer<typeof FleetRunSchema>;
