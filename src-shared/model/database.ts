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
export type DatabaseRecord = z.infer<typeof DatabaseRecordSchema>;
