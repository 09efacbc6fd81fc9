import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { countReport } from './vitest-report.mjs';

// Runs Vitest for real on a fixture with every kind of outcome, so the test also proves that a reason
// given with skipUnless() reaches the JSON report (through meta, inherited by nested suites).
it('counts passes and failures; a skip with a reason apart; a skip without one, skipIf and todo as failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-desk-report-'));
  try {
    const output = join(dir, 'report.json');
    spawnSync(
      'npx',
      [
        'vitest',
        'run',
        '--config',
        join(import.meta.dirname, 'fixtures', 'vitest.config.ts'),
        '--reporter=json',
        `--outputFile.json=${output}`,
      ],
      { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' },
    );
    const counted = countReport('fixture', JSON.parse(readFileSync(output, 'utf8')));
    expect(counted.passed).toBe(2);
    expect(counted.failed).toBe(4);
    expect(counted.failures.map((f) => f.replace(/^fixture: /, ''))).toEqual([
      'runs fails failed',
      'skipped without a reason skipped without a reason (use skipUnless from e2e/support/skip.ts)',
      'skipIf without a reason skipped without a reason (use skipUnless from e2e/support/skip.ts)',
      'todo todo without a reason (use skipUnless from e2e/support/skip.ts)',
    ]);
    expect(counted.skips).toEqual([
      { reason: 'no Electron binary here', files: [expect.stringMatching(/skips\.fixture\.ts$/)], tests: 2 },
      { reason: 'needs a display', files: [expect.stringMatching(/skips\.fixture\.ts$/)], tests: 1 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
