import { z } from 'zod';

/** One session as DescribeSessions reports it; dates are ISO-8601 strings. */
export const SessionSummarySchema = z.object({
  sessionId: z.string(),
  target: z.string(),
  status: z.string(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  documentName: z.string().optional(),
  owner: z.string().optional(),
  reason: z.string().optional(),
  region: z.string(),
});
/**
 * One session as listSessions() gives it from DescribeSessions: id, target, status, document, owner and
 * reason, ISO-8601 dates, and the region it was listed in.
 */
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
