// Types for vitest-report.mjs (plain JavaScript, so that `npm test` runs on Node without a TS loader).
export interface ReasonedSkip {
  reason: string;
  files: string[];
  tests: number;
}

export function countReport(
  name: string,
  report: unknown,
): { passed: number; failed: number; failures: string[]; skips: ReasonedSkip[] };
