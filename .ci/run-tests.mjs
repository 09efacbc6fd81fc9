#!/usr/bin/env node
// Runs every test suite of the project and ends with one line: "N passed, N failed".
// Each Vitest test counts as one; each static check (build, type-checks, lint, format, workflows) and
// each coverage gate counts as one. A test or check skipped with a stated reason (see
// .ci/vitest-report.mjs) is listed before the closing line and counted in neither number. Used by
// `npm test` and by .ci/run. `npm test -- unit e2e` runs only the named steps (coverage is measured
// and gated only when the step "coverage" runs: by default, or when named).
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { countReport } from './vitest-report.mjs';

const root = join(import.meta.dirname, '..');
const only = process.argv.slice(2); // optional step names, e.g. `npm test -- unit`
const scratch = mkdtempSync(join(tmpdir(), 'ssm-desk-tests-'));
let passed = 0;
let failed = 0;
const failures = [];
/** Skips with a reason: { what, reason }. */
const skipped = [];
/** Seconds per step, printed at the end so the run's budget (30 minutes on 2 cores) stays visible. */
const timings = [];
const runStarted = Date.now();

const wanted = (name) => !only.length || only.includes(name);

function count(name, ok, why = name) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(why);
  }
}

function timed(name, step) {
  const started = Date.now();
  const result = step();
  timings.push({ name, seconds: (Date.now() - started) / 1000 });
  return result;
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(name, command, args) {
  if (!wanted(name)) return;
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  count(
    name,
    timed(name, () => run(command, args)),
  );
}

function vitest(name, project, extraArgs = [], env = {}) {
  if (!wanted(name)) return;
  const report = join(scratch, `${name}.json`);
  console.log(`\n=== ${name}: vitest --project ${project}`);
  timed(name, () =>
    run(
      'npx',
      [
        'vitest',
        'run',
        '--project',
        project,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...extraArgs,
      ],
      env,
    ),
  );
  if (!existsSync(report)) {
    count(name, false, `${name} (no report: the run itself failed)`);
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

// --- Type-checks: every tsconfig.json of the project, and a check that together they see every
// TypeScript file (a new folder outside all of them would otherwise go unchecked without a sound).

const skippedFolders = new Set(['node_modules', 'dist', 'release', 'coverage', '.git', '.scratch']);

/** Files below `dir` whose names match `pattern`, outside build output and dependencies. */
function sourceFiles(dir, pattern) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skippedFolders.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path, pattern));
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found;
}

const typeChecked = new Set();
const typecheckNames = {
  '.': 'typecheck',
  '.ci': 'typecheck-ci',
  'src-shared': 'typecheck-shared',
  'src-renderer': 'typecheck-renderer',
};

function typecheck(config) {
  const folder = relative(root, dirname(config)) || '.';
  const name = typecheckNames[folder] ?? `typecheck-${folder.split(sep).join('-')}`;
  if (!wanted(name)) return;
  const project = relative(root, config);
  console.log(`\n=== ${name}: tsc -p ${project}`);
  const ok = timed(name, () => {
    // --listFiles names every file the program holds (after any diagnostics): kept for the check below.
    const result = spawnSync('npx', ['tsc', '-p', project, '--listFiles'], { cwd: root, encoding: 'utf8' });
    for (const line of (result.stdout ?? '').split('\n')) {
      if (line.startsWith(root + sep) && existsSync(line)) typeChecked.add(line);
      else if (line.trim()) console.log(line);
    }
    if (result.stderr) process.stderr.write(result.stderr);
    return result.status === 0;
  });
  count(name, ok);
}

// --- Coverage over the whole suite (.ci/coverage-tools/): in-process code through Vitest, child
// processes through NODE_V8_COVERAGE, the renderer through Chromium.

const measuring = wanted('coverage');
const coverageDir = join(scratch, 'coverage');
const coverageEnv = measuring ? { SSM_DESK_COVERAGE_DIR: coverageDir } : {};
const vitestCoverage = (name) =>
  measuring
    ? [
        '--coverage',
        '--coverage.reporter=json',
        `--coverage.reportsDirectory=${join(coverageDir, `vitest-${name}`)}`,
      ]
    : [];
const rendererDist = join(root, 'dist', 'renderer');
const rendererBuild = join(coverageDir, 'renderer-build');
const rendererProduction = join(coverageDir, 'renderer-production');

/**
 * For the e2e run only, dist/renderer becomes a build of the same sources that is not minified, with
 * source maps written aside: minified code joins statements (an `if` block becomes `a&&(b(),c())`),
 * so lines in branches never taken would vanish from the count instead of counting as missed. The
 * production build (checked by "build") is put back afterwards. Returns false if it could not build.
 */
function useCoverageRenderer() {
  if (!existsSync(rendererDist)) return false;
  cpSync(rendererDist, rendererProduction, { recursive: true });
  console.log('\n=== coverage: the renderer built for measuring (not minified, source maps aside)');
  const built = timed('renderer build for coverage', () =>
    run('npx', [
      'vite',
      'build',
      '--config',
      'src-renderer/vite.config.ts',
      '--logLevel',
      'error',
      '--minify',
      'false',
      '--sourcemap',
      'hidden',
    ]),
  );
  if (!built) {
    restoreProductionRenderer();
    return false;
  }
  cpSync(rendererDist, rendererBuild, { recursive: true });
  // No map stays in dist/: the packaging check rightly refuses them in the app.
  for (const map of sourceFiles(rendererDist, /\.map$/)) rmSync(map);
  return true;
}

function restoreProductionRenderer() {
  if (!existsSync(rendererProduction)) return;
  rmSync(rendererDist, { recursive: true, force: true });
  cpSync(rendererProduction, rendererDist, { recursive: true });
}

/** What the coverage step printed, also written to SSM_DESK_COVERAGE_REPORT/summary.txt. */
const coverageSummary = [];
function report(text) {
  console.log(text);
  coverageSummary.push(text);
}

function coverageGate(name, pct, threshold) {
  const ok = pct >= threshold;
  report(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${pct.toFixed(2)}% lines (gate ${threshold}%)`);
  count(name, ok, `coverage of ${name} ${pct.toFixed(2)}% < ${threshold}%`);
}

// src-main's layers, bottom up (docs/architecture.md).
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

/** The coverage-final.json form of `files` in `map`. */
function coverageData(map, files) {
  return Object.fromEntries([...files].map((file) => [file, map.fileCoverageFor(file).toJSON()]));
}

async function coverageGates({ rendererBuilt, ranE2e }) {
  const started = Date.now();
  // Imported only here: the converter loads Vite, which a run without coverage does not need.
  const coverage = await import('./coverage-tools/coverage.mjs');
  const unitFile = join(coverageDir, 'vitest-unit', 'coverage-final.json');
  // Summed before merging: a merge updates the merged-in file coverages in place.
  const unitOnly = coverage.linesByFolder(
    coverage.readVitestCoverage(unitFile),
    root,
    'src-main',
    layerOrder,
  );
  const whole = coverage.readVitestCoverage(unitFile);
  whole.merge(coverage.readVitestCoverage(join(coverageDir, 'vitest-e2e', 'coverage-final.json')));
  const children = await coverage.childProcessCoverage(join(coverageDir, 'node'), root);
  whole.merge(children.map);
  const partial = !wanted('unit') || !wanted('e2e') ? ' (this run left suites out: partial numbers)' : '';
  /** @type {Record<string, object>} */
  const maps = {};

  const main = coverage.linesByFolder(whole, root, 'src-main', layerOrder);
  console.log('');
  if (main.total.total === 0) {
    report('=== coverage: src-main: no data (did the unit and e2e runs write any?)');
    count('coverage of src-main', false, 'coverage of src-main (no data)');
  } else {
    report(
      coverage.formatTable(
        `=== coverage: src-main, lines by folder (whole suite: in-process, and ${children.processes} ` +
          `child processes)${partial}`,
        main,
        unitOnly,
      ),
    );
    const protocol = main.rows.find((row) => row.folder === 'protocol');
    coverageGate('src-main/protocol', protocol?.pct ?? 0, 95);
    coverageGate('src-main', main.total.pct, 85);
    maps['src-main'] = coverageData(whole, main.files);
  }

  console.log('');
  if (!ranE2e) {
    report('=== coverage: src-renderer: not measured (the e2e suite did not run)');
  } else {
    const renderer = rendererBuilt
      ? await coverage.rendererCoverage(join(coverageDir, 'renderer'), rendererBuild, rendererDist)
      : { error: 'the renderer could not be built for coverage (see above)' };
    if ('error' in renderer) {
      report(`=== coverage: src-renderer: ${renderer.error}`);
      count('coverage of src-renderer', false, `coverage of src-renderer: ${renderer.error}`);
    } else {
      const result = coverage.linesByFolder(renderer.map, root, 'src-renderer/src');
      result.total.folder = 'src-renderer';
      report(
        coverage.formatTable(
          `=== coverage: src-renderer, lines by folder (in Chromium, ${renderer.pages} pages)${partial}`,
          result,
        ),
      );
      const outside = coverage.unlistedSources(root, 'src-renderer/src', result.files);
      if (outside.length) report(`  not in the bundle, so not counted: ${outside.join(', ')}`);
      coverageGate('src-renderer', result.total.pct, 70);
      maps['src-renderer'] = coverageData(renderer.map, result.files);
    }
  }

  const reportTo = process.env.SSM_DESK_COVERAGE_REPORT;
  if (reportTo) {
    // For CI's artifact: the tables, and the merged Istanbul coverage per area (coverage-final format).
    const dir = resolve(root, reportTo);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.txt'), `${coverageSummary.join('\n')}\n`);
    for (const [area, map] of Object.entries(maps))
      writeFileSync(join(dir, `${area}.json`), JSON.stringify(map));
    console.log(`coverage written to ${relative(root, dir) || dir}`);
  }
  timings.push({ name: 'coverage (merging and mapping)', seconds: (Date.now() - started) / 1000 });
}

// --- The run.

check('build', 'npm', ['run', '--silent', 'build']);
// The root's first (it checks the most), then the others by folder.
const tsconfigs = sourceFiles(root, /^tsconfig\.json$/).sort((a, b) =>
  dirname(a) === root ? -1 : dirname(b) === root ? 1 : a.localeCompare(b),
);
for (const config of tsconfigs) typecheck(config);
if (tsconfigs.every((config) => wanted(typecheckNames[relative(root, dirname(config)) || '.'] ?? ''))) {
  // Only meaningful when every type-check ran (the default).
  console.log('\n=== typecheck-complete: every TypeScript file is in a tsconfig.json that was checked');
  const unchecked = sourceFiles(root, /\.(ts|tsx|mts|cts)$/).filter((file) => !typeChecked.has(file));
  for (const file of unchecked) console.log(`  not type-checked: ${relative(root, file)}`);
  count('typecheck-complete', unchecked.length === 0);
}
check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
check('workflows', 'node', ['.ci/lint-workflows.mjs']);

mkdirSync(coverageDir, { recursive: true });
vitest('unit', 'unit', vitestCoverage('unit'), coverageEnv);
const rendererBuilt = measuring && wanted('e2e') ? useCoverageRenderer() : false;
try {
  vitest('e2e', 'e2e', vitestCoverage('e2e'), coverageEnv);
} finally {
  restoreProductionRenderer();
}
if (measuring) {
  try {
    await coverageGates({ rendererBuilt, ranE2e: wanted('e2e') });
  } catch (error) {
    // A converter failure is one failed check with its reason, not a stack trace.
    console.log(`\n=== coverage: could not be computed: ${error instanceof Error ? error.message : error}`);
    count('coverage', false, 'coverage (could not be computed)');
  }
}

rmSync(scratch, { recursive: true, force: true });
if (timings.length) {
  console.log('\nTime per step (seconds):');
  for (const { name, seconds } of timings)
    console.log(`  ${name.padEnd(32)} ${seconds.toFixed(0).padStart(5)}`);
  console.log(
    `  ${'all of npm test'.padEnd(32)} ${((Date.now() - runStarted) / 1000).toFixed(0).padStart(5)}`,
  );
}
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
if (skipped.length) {
  console.log('\nSkipped with a stated reason (counted neither as passed nor as failed):');
  for (const { what, reason } of skipped) console.log(`  skipped: ${reason} (${what})`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
