// Counts one Vitest JSON report for .ci/run-tests.mjs: passes, failures, and skips that carry a reason.
//
// A test skipped where it cannot run (no Electron binary, say) is not a failure, but only if it says
// why: the test file declares it with skipUnless(condition, reason) from e2e/support/skip.ts, which
// puts the reason in the test's meta.skipReason (recorded by the JSON reporter). Any other skip, a
// todo or a test left pending counts as failed, so no test can stop running without anyone noticing.

/**
 * @param {string} name the suite's name in messages ("unit", "e2e")
 * @param {any} report Vitest's JSON report
 */
export function countReport(name, report) {
  let passed = 0;
  let failed = 0;
  const failures = [];
  /** @type {Map<string, { reason: string, files: Set<string>, tests: number }>} */
  const skips = new Map();
  for (const file of report.testResults ?? []) {
    // A file that failed to load has no tests to count but must still fail the run.
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      failed++;
      failures.push(`${name}: ${file.name} did not load${file.message ? ` (${file.message})` : ''}`);
      continue;
    }
    for (const test of file.assertionResults) {
      const reason = typeof test.meta?.skipReason === 'string' ? test.meta.skipReason.trim() : '';
      if (test.status === 'passed') passed++;
      else if (test.status === 'skipped' && reason) {
        const entry = skips.get(reason) ?? { reason, files: new Set(), tests: 0 };
        entry.files.add(file.name);
        entry.tests++;
        skips.set(reason, entry);
      } else {
        failed++;
        const why =
          test.status === 'failed'
            ? 'failed'
            : `${test.status} without a reason (use skipUnless from e2e/support/skip.ts)`;
        failures.push(`${name}: ${test.fullName} ${why}`);
      }
    }
  }
  return { passed, failed, failures, skips: [...skips.values()].map((s) => ({ ...s, files: [...s.files] })) };
}
