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
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
