#!/usr/bin/env node
// Runs every test suite of the project and ends with one line: "N passed, N failed".
// Each Vitest test counts as one; each static check (build, type-checks, lint, format, coverage gate)
// counts as one. A test or check skipped with a stated reason (see .ci/vitest-report.mjs) is listed
// before the closing line and counted in neither number. Used by `npm test` and by .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { countReport } from './vitest-report.mjs';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2); // optional step names, e.g. `npm test -- unit`
const scratch = mkdtempSync(join(tmpdir(), 'ssm-desk-tests-'));
let passed = 0;
let failed = 0;
const failures = [];
/** Skips with a reason: { what, reason }. */
const skipped = [];

const wanted = (name) => !only.length || only.includes(name);

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(name, command, args) {
  if (!wanted(name)) return;
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  if (run(command, args)) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function skip(name, reason) {
  if (!wanted(name)) return;
  console.log(`\n=== ${name}: skipped: ${reason}`);
  skipped.push({ what: name, reason });
}

function vitest(name, project, extraArgs = []) {
  if (!wanted(name)) return;
  const report = join(scratch, `${name}.json`);
  console.log(`\n=== ${name}: vitest --project ${project}`);
  run('npx', [
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
    return;
  }
  const counted = countReport(name, JSON.parse(readFileSync(report, 'utf8')));
  passed += counted.passed;
  failed += counted.failed;
  failures.push(...counted.failures);
  for (const { reason, files, tests } of counted.skips) {
    const where = files.map((file) => relative(root, file)).join(', ');
    skipped.push({ what: `${name}: ${tests} test${tests === 1 ? '' : 's'} in ${where}`, reason });
  }
}

// Line coverage of src-main per top-level folder (the layers), from Vitest's json-summary.
const layerOrder = [
  'protocol',
  'transport',
  'sessions',
  'aws',
  'logging',
  'client',
  'terminal',
  'plugin',
  'cli',
  'app',
  'emulator',
];

function coverageByFolder(summaryFile) {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  /** @type {Map<string, { covered: number, total: number }>} */
  const folders = new Map();
  for (const [file, { lines }] of Object.entries(summary)) {
    if (file === 'total') continue;
    const parts = relative(root, file).split(sep);
    if (parts[0] !== 'src-main') continue;
    const folder = parts.length > 2 ? parts[1] : '(entry files)';
    const entry = folders.get(folder) ?? { covered: 0, total: 0 };
    entry.covered += lines.covered;
    entry.total += lines.total;
    folders.set(folder, entry);
  }
  const rank = (folder) => (layerOrder.includes(folder) ? layerOrder.indexOf(folder) : layerOrder.length);
  const rows = [...folders.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const pct = ({ covered, total }) => (total === 0 ? 100 : (100 * covered) / total);
  const all = rows.reduce(
    (sum, [, c]) => ({ covered: sum.covered + c.covered, total: sum.total + c.total }),
    {
      covered: 0,
      total: 0,
    },
  );
  return {
    rows: rows.map(([folder, c]) => ({ folder, ...c, pct: pct(c) })),
    total: { ...all, pct: pct(all) },
  };
}

function coverageGate(name, pct, threshold) {
  const ok = pct >= threshold;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${pct.toFixed(2)}% lines (gate ${threshold}%)`);
  if (ok) passed++;
  else {
    failed++;
    failures.push(`coverage of ${name} ${pct.toFixed(2)}% < ${threshold}%`);
  }
}

check('build', 'npm', ['run', '--silent', 'build']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('typecheck-shared', 'npx', ['tsc', '-p', 'src-shared/tsconfig.json']);
check('typecheck-e2e', 'npx', ['tsc', '-p', 'e2e/tsconfig.json']);
const rendererSources =
  existsSync(join(root, 'src-renderer')) &&
  readdirSync(join(root, 'src-renderer'), { recursive: true }).some((f) => /\.tsx?$/.test(String(f)));
if (rendererSources) check('typecheck-renderer', 'npx', ['tsc', '-p', 'src-renderer/tsconfig.json']);
else skip('typecheck-renderer', 'src-renderer/ has no sources yet');
check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
vitest('unit', 'unit', ['--coverage', '--coverage.reportsDirectory', join(scratch, 'coverage')]);
if (wanted('unit')) {
  // Coverage of src-main by the unit project; e2e runs the built code in child processes, so it is not
  // counted here. Gate: src-main/protocol ≥ 95% lines. Target (issue 11), printed only for now:
  // src-main as a whole ≥ 85% lines.
  const summaryFile = join(scratch, 'coverage', 'coverage-summary.json');
  console.log('\n=== coverage: src-main lines by folder (unit tests)');
  if (!existsSync(summaryFile)) {
    failed++;
    failures.push('coverage (no summary written)');
  } else {
    const { rows, total } = coverageByFolder(summaryFile);
    for (const { folder, covered, total: lines, pct } of rows) {
      console.log(`  ${folder.padEnd(16)} ${pct.toFixed(2).padStart(6)}%  (${covered}/${lines} lines)`);
    }
    console.log(
      `  ${'src-main'.padEnd(16)} ${total.pct.toFixed(2).padStart(6)}%  (${total.covered}/${total.total} lines)`,
    );
    const protocol = rows.find((row) => row.folder === 'protocol');
    coverageGate('src-main/protocol', protocol?.pct ?? 0, 95);
    const target = 85;
    console.log(
      `${total.pct >= target ? 'ok  ' : 'todo'} src-main as a whole: ${total.pct.toFixed(2)}% lines ` +
        `(target ${target}%, issue 11; printed, not yet a gate)`,
    );
  }
}
vitest('e2e', 'e2e');

rmSync(scratch, { recursive: true, force: true });
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
if (skipped.length) {
  console.log('\nSkipped with a stated reason (counted neither as passed nor as failed):');
  for (const { what, reason } of skipped) console.log(`  skipped: ${reason} (${what})`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
