import { z } from 'zod';

/**
 * An error as it crosses the contract: a stable code a face can switch on and map to its own words,
 * plus the engine's one-line message for logs and details. Never an Error object (not serializable,
 * and its stack could carry paths or secrets).
 */
export const ErrorInfoSchema = z.object({
  code: z.string().min(1).max(64),
  message: z.string().max(2000),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
