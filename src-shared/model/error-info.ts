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
/**
 * Any of the library's errors as plain data, as toErrorInfo() makes it: a stable `code` to switch on
 * and a one-line `message`. Serializable, and without the stack or cause, which could carry paths or
 * secrets.
 */
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
