import { z } from 'zod';

/** What the renderer learns first: which face it runs in and what the core offers. */
export const AppInfoSchema = z.object({
  version: z.string(),
  /** electron: IPC through the preload; browser: served by the main process over HTTP. */
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** The built-in emulator is running (no AWS configuration, or the user picked it). */
  emulator: z.boolean(),
  /** Things the user should know since start (e.g. a settings file that was corrupt and kept aside). */
  notices: z.array(z.object({ level: z.enum(['info', 'warning', 'error']), text: z.string() })),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
