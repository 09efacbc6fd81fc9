import { defineConfig } from 'vitest/config';

// Set by .ci/run-tests.mjs when it measures coverage over the whole suite (.ci/coverage-tools/).
const wholeSuiteCoverage = Boolean(process.env.SSM_DESK_COVERAGE_DIR);

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', '.ci/**/*.test.ts'],
          // Inert unless SSM_DESK_COVERAGE_DIR is set: then child processes record coverage too.
          setupFiles: ['.ci/coverage-tools/child-processes.ts'],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // Inert unless SSM_DESK_COVERAGE_DIR is set: then child processes (the CLI, the plugin) and
          // the renderer's pages in Chromium record coverage too.
          setupFiles: ['.ci/coverage-tools/child-processes.ts', '.ci/coverage-tools/chromium.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
    // All of src-main is measured, files no test loads included (as 0%), so the numbers are honest.
    // .ci/run-tests.mjs merges this with the child processes' coverage and gates the result; the
    // protocol gate below is for direct runs (`vitest run --project unit --coverage`) only.
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.ts'],
      exclude: ['**/*.test.ts', '**/__fixtures__/**'],
      reporter: ['text-summary', 'json'],
      // A failing test must not hide the coverage numbers.
      reportOnFailure: true,
      thresholds: wholeSuiteCoverage ? {} : { 'src-main/protocol/**': { lines: 95 } },
    },
  },
});
