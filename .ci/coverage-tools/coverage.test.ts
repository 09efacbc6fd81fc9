// The coverage tools of .ci/run-tests.mjs on small inputs: a compiled child process mapped back to its
// TypeScript, the environment given to children, the per-folder sums and the workflow linter's report.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { childProcessCoverage, emptyCoverage, formatTable, linesByFolder } from './coverage.mjs';

const work = mkdtempSync(join(tmpdir(), 'ssm-desk-coverage-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A TypeScript file compiled as tsc does for dist/ (ES module, source map beside it). */
function compile(root: string, source: string, code: string): string {
  const sourceFile = join(root, source);
  const outFile = join(root, 'dist', source.replace(/\.ts$/, '.js'));
  mkdirSync(dirname(sourceFile), { recursive: true });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(sourceFile, code);
  const output = ts.transpileModule(code, {
    fileName: sourceFile,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  const map = JSON.parse(output.sourceMapText ?? '{}') as { sources: string[] };
  map.sources = [relative(dirname(outFile), sourceFile)];
  writeFileSync(outFile, output.outputText.replace(/\/\/# sourceMappingURL=.*$/m, ''));
  writeFileSync(`${outFile}.map`, JSON.stringify(map));
  return outFile;
}

describe('child process coverage', () => {
  it('maps a compiled child back to its .ts lines: run and not run', async () => {
    const root = join(work, 'repo');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'package.json'), '{"type":"module"}');
    const main = compile(
      root,
      'src-main/demo/main.ts',
      [
        'export function twice(n: number): number {',
        '  if (n > 0) {',
        '    return n * 2;',
        '  }',
        '  return -n;',
        '}',
        'console.log(twice(2));',
        '',
      ].join('\n'),
    );
    const raw = join(work, 'raw');
    const child = spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, NODE_V8_COVERAGE: raw },
    });
    expect(child.status).toBe(0);

    const { map, processes, scripts } = await childProcessCoverage(raw, root);
    expect(processes).toBeGreaterThanOrEqual(1);
    expect(scripts).toBe(1);
    const lines = map.fileCoverageFor(join(root, 'src-main/demo/main.ts')).getLineCoverage();
    expect(lines[3]).toBeGreaterThan(0); // return n * 2
    expect(lines[5]).toBe(0); // return -n
    expect(lines[7]).toBe(1); // console.log(...)
  });

  it('ignores scripts outside dist/src-main and folders that do not exist', async () => {
    const { map, processes } = await childProcessCoverage(join(work, 'nothing-here'), work);
    expect(processes).toBe(0);
    expect(map.files()).toEqual([]);
  });
});

describe('child-processes.ts (the Vitest setup file)', () => {
  it('gives NODE_V8_COVERAGE to a child whose environment the test chose, sync and promisified', async () => {
    // Inside `npm test` the setup already ran for this worker; alone, it is installed here.
    process.env.SSM_DESK_COVERAGE_DIR ??= join(work, 'setup');
    vi.resetModules(); // it ran already, as this project's setup file: evaluate it again
    await import('./child-processes.js');
    const dir = process.env.NODE_V8_COVERAGE;
    expect(dir).toBeDefined();
    const before = new Set(readdirSync(dir ?? ''));
    const minimal = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const probe = 'process.stdout.write(String(process.env.NODE_V8_COVERAGE ?? ""))';
    const sync = spawnSync(process.execPath, ['-e', probe], { env: minimal, encoding: 'utf8' });
    expect(sync.stdout).toBe(dir);
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { env: minimal });
    expect(stdout).toBe(dir);
    // Both children wrote their coverage there.
    const added = readdirSync(dir ?? '').filter((name) => !before.has(name));
    expect(added.length).toBeGreaterThanOrEqual(2);
  });
});

describe('linesByFolder and formatTable', () => {
  it('sums lines per folder below the area and shows the unit column beside the whole suite', () => {
    const file = (path: string, hits: number[]) => ({
      path,
      statementMap: Object.fromEntries(
        hits.map((_, i) => [
          String(i),
          { start: { line: i + 1, column: 0 }, end: { line: i + 1, column: 5 } },
        ]),
      ),
      s: Object.fromEntries(hits.map((count, i) => [String(i), count])),
      fnMap: {},
      f: {},
      branchMap: {},
      b: {},
    });
    const root = '/repo';
    const whole = emptyCoverage();
    whole.merge({
      '/repo/src-main/protocol/a.ts': file('/repo/src-main/protocol/a.ts', [1, 1, 0, 1]),
      '/repo/src-main/cli/b.ts': file('/repo/src-main/cli/b.ts', [0, 1]),
      '/repo/src-main/index.ts': file('/repo/src-main/index.ts', [1]),
      '/repo/src-main/cli/b.test.ts': file('/repo/src-main/cli/b.test.ts', [0, 0, 0]),
      '/repo/e2e/x.ts': file('/repo/e2e/x.ts', [0]),
    });
    const unit = emptyCoverage();
    unit.merge({ '/repo/src-main/protocol/a.ts': file('/repo/src-main/protocol/a.ts', [1, 0, 0, 0]) });

    const result = linesByFolder(whole, root, 'src-main', ['protocol', 'cli']);
    expect(result.rows.map(({ folder, covered, total }) => [folder, covered, total])).toEqual([
      ['protocol', 3, 4],
      ['cli', 1, 2],
      ['(entry files)', 1, 1],
    ]);
    expect(result.total).toMatchObject({ covered: 5, total: 7 });
    expect(result.files.size).toBe(3);

    const table = formatTable('title', result, linesByFolder(unit, root, 'src-main', ['protocol']));
    expect(table.split('\n')).toEqual([
      'title',
      expect.stringMatching(/^ {2}folder +unit tests +whole suite$/),
      expect.stringMatching(/^ {2}protocol +25\.00% {2}\(1\/4\) +75\.00% {2}\(3\/4\)/),
      expect.stringMatching(/^ {2}cli +- +50\.00% {2}\(1\/2\)/),
      expect.stringMatching(/^ {2}\(entry files\) +- +100\.00% {2}\(1\/1\)/),
      expect.stringMatching(/^ {2}src-main +25\.00% {2}\(1\/4\) +71\.43% {2}\(5\/7\)/),
    ]);
  });
});

describe('lint-workflows.mjs', () => {
  const script = join(import.meta.dirname, '..', 'lint-workflows.mjs');

  it('reports each finding on one line with its place, and fails', () => {
    const bad = join(work, 'bad.yml');
    writeFileSync(
      bad,
      [
        'on: push',
        'jobs:',
        '  test:',
        '    runs-onn: ubuntu-latest',
        '    steps:',
        '      - run: echo ${{ github.reff }}',
        '',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [script, bad], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines.some((line) => /bad\.yml:4:5: unexpected key "runs-onn"/.test(line))).toBe(true);
    expect(lines.some((line) => /bad\.yml:6:\d+: property "reff" is not defined/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^lint-workflows: \d+ findings \(actionlint\)$/);
    expect(result.stderr).toBe('');
  });

  it("passes the repository's own workflows", () => {
    const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/no findings/);
    expect(result.status).toBe(0);
  });
});
