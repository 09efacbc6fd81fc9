/**
 * A step of getting to AWS that can wait for ever on something outside our control: a config file
 * that is a pipe nobody writes to (or on a hung mount), a credential_process that does not return,
 * a credential source that does not answer. The face says what is being waited for (the CLI on
 * stderr, the app in its status bar), so a user is not left looking at nothing.
 */
export type AwsWait =
  | { step: 'config-file'; path: string }
  | { step: 'credential-process'; profile: string; program: string }
  | { step: 'credentials'; profile: string; source: string };

/** After this long a step counts as waiting (a few seconds: long enough not to fire on slow networks). */
export const DEFAULT_WAIT_NOTICE_MS = 3_000;

/** Runs `notify` once if `work` is still running after `afterMs`; the timer never outlives the work. */
export async function noticeIfSlow<T>(
  work: Promise<T>,
  afterMs: number,
  notify: (() => void) | undefined,
): Promise<T> {
  if (!notify) return work;
  const timer = setTimeout(notify, afterMs);
  timer.unref();
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
