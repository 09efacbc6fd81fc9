import { z } from 'zod';

/** An RDS instance or Aurora cluster a tunnel can reach through an instance (RemoteHost document). */
export const DatabaseRecordSchema = z.object({
  profile: z.string(),
  region: z.string(),
  identifier: z.string(),
  kind: z.enum(['instance', 'cluster']),
  engine: z.string(),
  /** The endpoint's address (the writer's, for a cluster). */
  endpoint: z.string(),
  port: z.number().int(),
  status: z.string().optional(),
});
/**
 * One RDS database as listDatabases() gives it: a DB instance, or a cluster reached by its writer
 * endpoint, with the `endpoint` and `port` a tunnel through an instance forwards to (`remoteHost`,
 * `remotePort`).
 */
export type DatabaseRecord = z.infer<typeof DatabaseRecordSchema>;
