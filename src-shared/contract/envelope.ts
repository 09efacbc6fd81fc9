import { z } from 'zod';
import { ErrorInfoSchema } from '../model/error-info.js';

/**
 * The messages that carry the contract over a byte stream (browser mode's WebSocket). Electron's IPC
 * carries the same request and outcome shapes without the envelope (invoke has its own ids).
 */
export const RequestEnvelopeSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(64),
  params: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

/** What one call came to: its result, or a coded error. */
export const CallOutcomeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
]);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/** `id` is null when a request was refused before its id could be read (not JSON, no id). */
export const ResponseEnvelopeSchema = z.intersection(
  z.object({ t: z.literal('res'), id: z.number().int().nonnegative().nullable() }),
  CallOutcomeSchema,
);
export type ResponseEnvelope = z.infer<typeof ResponseEnvelopeSchema>;

export const EventEnvelopeSchema = z.object({
  t: z.literal('evt'),
  name: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export const ServerMessageSchema = z.union([ResponseEnvelopeSchema, EventEnvelopeSchema]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Larger messages are refused unread: pasted text is chunked by the renderer well below this. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
