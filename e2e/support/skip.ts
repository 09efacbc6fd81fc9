import type { TestOptions } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Why the test does not run here. Set through skipUnless(); read by .ci/run-tests.mjs. */
    skipReason?: string;
  }
}

/**
 * Options for describe() or it() that skip a suite or a test where it cannot run, and say why.
 * `.ci/run-tests.mjs` lists such a skip as "skipped: <reason>" and does not count it as a failure; a
 * skip without a reason (describe.skip, it.skipIf, it.todo, a forgotten .only) still counts as failed,
 * so nothing stops running quietly.
 *
 *   describe('the app in Electron', skipUnless(electronBinary !== undefined,
 *     "no Electron binary here (Playwright's _electron needs one)"), () => { … });
 *
 * The reason travels as the tests' `meta.skipReason`, which Vitest's JSON reporter records and nested
 * suites and tests inherit.
 */
export function skipUnless(condition: boolean, reason: string): TestOptions {
  if (!reason.trim()) throw new Error('skipUnless needs a reason');
  return condition ? {} : { skip: true, meta: { skipReason: reason } };
}
