#!/usr/bin/env node
// Runs every test suite of the project and ends with one line: "N passed, N failed".
// Each Vitest test counts as one; each static check (type-check, lint, format, coverage threshold)
// counts as one. Used by `npm test` and by .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2); // optional step names, e.g. `npm test -- unit`
const scratch = mkdtempSync(join(tmpdir(), 'ssm-desk-tests-'));
let passed = 0;
let failed = 0;
const failures = [];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(name, command, args) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  if (run(command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function vitest(name, project, extraArgs = []) {
  if (only.length && !only.includes(name)) return;
  const report = join(scratch, `${name}.json`);
  console.log(`\n=== ${name}: vitest --project ${project}`);
  const ok = run('npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extraArgs,
  ]);
  if (!existsSync(report)) {
    failed++;
    failures.push(`${name} (no report: the run itself failed)`);
    return ok;
  }
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests + (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  if (json.numFailedTests > 0) failures.push(`${name}: ${json.numFailedTests} failed`);
  // A suite that failed to load has no tests to count but must still fail the run.
  const broken = json.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0);
  if (broken.length > 0) {
    failed += broken.length;
    failures.push(...broken.map((r) => `${name}: ${r.name} did not load`));
  }
  return ok;
}

check('build', 'npm', ['run', '--silent', 'build']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck-shared', 'npx', ['tsc', '-p', 'src-shared/tsconfig.json']);
check('lint', 'npx', ['eslint', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
vitest('unit', 'unit', ['--coverage', '--coverage.reportsDirectory', join(scratch, 'coverage')]);
if (!only.length || only.includes('unit')) {
  // The coverage threshold (src-main/protocol ≥ 95% lines) counts as its own check.
  const summaryFile = join(scratch, 'coverage', 'coverage-summary.json');
  const lines = existsSync(summaryFile) ? JSON.parse(readFileSync(summaryFile, 'utf8')).total.lines.pct : 0;
  console.log(`\n=== coverage: src-main/protocol lines ${lines}% (threshold 95%)`);
  if (lines >= 95) passed++;
  else {
    failed++;
    failures.push(`coverage ${lines}% < 95%`);
  }
}
vitest('e2e', 'e2e');

rmSync(scratch, { recursive: true, force: true });
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
