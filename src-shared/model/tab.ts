import { z } from 'zod';
import { SessionEndInfoSchema } from './session-end.js';
import { TargetRefSchema } from './target.js';

/**
 * A terminal tab's session, as the core owns it: starting (StartSession and handshake), open,
 * reconnecting (the socket was lost; input is held), ended (with why).
 */
export const TabStateSchema = z.enum(['starting', 'open', 'reconnecting', 'ended']);
export type TabState = z.infer<typeof TabStateSchema>;

export const TabInfoSchema = z.object({
  tabId: z.string(),
  title: z.string(),
  target: TargetRefSchema,
  /** The instance's Name tag, when it has one. */
  targetName: z.string().optional(),
  /** The current session (a reconnect starts another). Not a secret: the console shows it too. */
  sessionId: z.string().optional(),
  state: TabStateSchema,
  /** One line about the state: "reconnecting (attempt 3)", "retry in 4 s". */
  detail: z.string().optional(),
  /** The session is encrypted with a KMS key (a lock on the tab). */
  encrypted: z.boolean(),
  end: SessionEndInfoSchema.optional(),
  /** Input typed in any tab of the broadcast group goes to every tab of it. */
  broadcast: z.boolean(),
  /** The tab's output is being recorded. */
  recording: z.boolean(),
  /** Input typed while the session could not take it, waiting to be sent (bytes). */
  heldInput: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type TabInfo = z.infer<typeof TabInfoSchema>;
