import { z } from 'zod';

/** Live counters of a port forward, across every session it has used. */
export const ForwardStatsSchema = z.object({
  connectionsOpen: z.number().int().nonnegative(),
  connectionsTotal: z.number().int().nonnegative(),
  bytesIn: z.number().nonnegative(),
  bytesOut: z.number().nonnegative(),
});
export type ForwardStats = z.infer<typeof ForwardStatsSchema>;
