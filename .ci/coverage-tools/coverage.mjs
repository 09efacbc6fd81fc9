// Line coverage over the whole suite, for .ci/run-tests.mjs. Three sources, one algorithm:
//
// - Vitest's v8 coverage of the unit and e2e runs: code the tests load in-process (the emulator, the
//   app core, the library), mapped to src-main/*.ts by Vite; every src-main file is listed, unloaded
//   ones as 0%.
// - Child processes (the CLI and the plugin as `node dist/src-main/…/main.js`): raw V8 coverage that
//   Node wrote where NODE_V8_COVERAGE pointed (child-processes.ts), merged per script across processes
//   and mapped to src-main/*.ts through tsc's source maps beside dist/.
// - The renderer in Chromium: Playwright's JS coverage of the renderer's chunks (chromium.ts), mapped
//   to src-renderer/**/*.tsx through the source maps of that build.
//
// All three are converted by ast-v8-to-istanbul, which Vitest itself uses, and merged by statement
// location: a line counts as covered when any process ran it, and as a line when any map has it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8Coverage from '@bcoe/v8-coverage';
import convert from 'ast-v8-to-istanbul';
import libCoverage from 'istanbul-lib-coverage';
import { parseAstAsync } from 'vite';

/** @typedef {{ startOffset: number, endOffset: number, count: number }} Range */
/** @typedef {{ functionName: string, ranges: Range[], isBlockCoverage: boolean }} FunctionCoverage */
/** @typedef {{ scriptId?: string, url: string, functions: FunctionCoverage[] }} ScriptCoverage */
/** @typedef {import('istanbul-lib-coverage').CoverageMap} CoverageMap */
/** @typedef {{ folder: string, covered: number, total: number, pct: number }} Row */

/** An empty coverage map. */
export function emptyCoverage() {
  return libCoverage.createCoverageMap({});
}

/** Vitest's coverage-final.json (the `json` reporter), if the run wrote one. */
export function readVitestCoverage(file) {
  const map = emptyCoverage();
  if (existsSync(file)) map.merge(JSON.parse(readFileSync(file, 'utf8')));
  return map;
}

/**
 * Calls `each(script)` for every script of every V8 coverage file in `dir` (Node's NODE_V8_COVERAGE
 * output, or what chromium.ts wrote), one file at a time: a run leaves hundreds.
 * @param {string} dir
 * @param {(script: ScriptCoverage) => void} each
 */
function forEachScript(dir, each) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    let parsed;
    try {
      parsed = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      // A process killed while writing leaves a truncated file: its coverage is lost, not the run's.
      continue;
    }
    for (const script of parsed.result ?? []) each(script);
  }
}

/**
 * Adds `script` to the per-key merged coverage in `merged` (block counts summed by range).
 * @param {Map<string, ScriptCoverage>} merged
 * @param {string} key
 * @param {ScriptCoverage} script
 */
function mergeInto(merged, key, script) {
  const entry = { scriptId: '0', url: key, functions: script.functions };
  const previous = merged.get(key);
  merged.set(key, previous ? v8Coverage.mergeScriptCovs([previous, entry]) : entry);
}

/**
 * Istanbul coverage of one generated file, mapped through its source map to the original sources.
 * @param {string} file the generated .js file as it ran
 * @param {object} map its source map; sources relative to `sourcesFrom`
 * @param {string} sourcesFrom the folder the map's relative sources resolve against
 * @param {FunctionCoverage[]} functions V8's function coverage ([] for a file that never ran)
 */
async function convertFile(file, map, sourcesFrom, functions) {
  const code = readFileSync(file, 'utf8');
  // Absolute sources, so a map read from another folder than its .js resolves to the right files.
  const sourceMap = {
    ...map,
    sourceRoot: undefined,
    sources: map.sources.map((source) =>
      source === null ? null : pathToFileURL(resolve(sourcesFrom, map.sourceRoot ?? '', source)).href,
    ),
  };
  return convert({
    code,
    sourceMap,
    ast: parseAstAsync(code),
    coverage: { url: pathToFileURL(file).href, functions },
  });
}

/**
 * Coverage of src-main from the child processes: every dist/src-main script that a process under the
 * tests ran, mapped back to its .ts through the .js.map tsc wrote beside it.
 * @param {string} dir NODE_V8_COVERAGE's folder
 * @param {string} root the repository
 */
export async function childProcessCoverage(dir, root) {
  const prefix = pathToFileURL(join(root, 'dist', 'src-main')).href + '/';
  /** @type {Map<string, ScriptCoverage>} */
  const merged = new Map();
  let processes = 0;
  if (existsSync(dir)) processes = readdirSync(dir).filter((name) => name.endsWith('.json')).length;
  forEachScript(dir, (script) => {
    if (script.url.startsWith(prefix) && script.url.endsWith('.js')) mergeInto(merged, script.url, script);
  });
  const map = emptyCoverage();
  for (const [url, { functions }] of merged) {
    const file = fileURLToPath(url);
    const mapFile = `${file}.map`;
    if (!existsSync(file) || !existsSync(mapFile)) continue;
    map.merge(await convertFile(file, JSON.parse(readFileSync(mapFile, 'utf8')), dirname(file), functions));
  }
  return { map, processes, scripts: merged.size };
}

/**
 * Coverage of the renderer from Chromium: Playwright's coverage of the chunks the tests were served,
 * mapped through the source maps that build wrote (kept out of dist/renderer, in `buildDir`). Chunks
 * no page loaded count too, as 0%, so the total is the whole bundle.
 * @param {string} dir what chromium.ts wrote
 * @param {string} buildDir a copy of the renderer build the tests ran, with its .js.map files
 * @param {string} builtIn where that build was written (the maps' relative sources start there)
 * @returns {Promise<{ map: CoverageMap, pages: number } | { error: string }>}
 */
export async function rendererCoverage(dir, buildDir, builtIn) {
  /** @type {Map<string, ScriptCoverage>} */
  const merged = new Map();
  let pages = 0;
  if (existsSync(dir)) pages = readdirSync(dir).filter((name) => name.endsWith('.json')).length;
  forEachScript(dir, (script) => {
    const name = new URL(script.url).pathname.split('/').pop() ?? '';
    mergeInto(merged, name, script);
  });
  const assets = join(buildDir, 'assets');
  const chunks = existsSync(assets) ? readdirSync(assets).filter((name) => name.endsWith('.js')) : [];
  if (chunks.length === 0) return { error: `the renderer build for coverage has no chunks (${assets})` };
  const unknown = [...merged.keys()].filter((name) => !chunks.includes(name));
  if (unknown.length)
    return { error: `the pages ran chunks that the renderer build lacks: ${unknown.join(', ')}` };
  const map = emptyCoverage();
  for (const name of chunks) {
    const file = join(assets, name);
    if (!existsSync(`${file}.map`)) return { error: `the renderer build has no source map for ${name}` };
    const sourceMap = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
    const functions = merged.get(name)?.functions ?? [];
    map.merge(await convertFile(file, sourceMap, join(builtIn, 'assets'), functions));
  }
  return { map, pages };
}

/**
 * Line coverage per folder below `area` (src-main/protocol, src-renderer/src/app, …). Files directly
 * in `area` are "(entry files)".
 * @param {CoverageMap} map
 * @param {string} root
 * @param {string} area e.g. 'src-main' or 'src-renderer/src'
 * @param {string[]} order folders listed first, in this order; the rest alphabetically
 */
export function linesByFolder(map, root, area, order = []) {
  /** @type {Map<string, { covered: number, total: number }>} */
  const folders = new Map();
  /** @type {Set<string>} */
  const files = new Set();
  const base = resolve(root, area) + sep;
  for (const file of map.files()) {
    if (!file.startsWith(base) || /\.test\.tsx?$/.test(file)) continue;
    files.add(file);
    const parts = file.slice(base.length).split(sep);
    const folder = parts.length > 1 ? parts[0] : '(entry files)';
    const { lines } = map.fileCoverageFor(file).toSummary();
    const entry = folders.get(folder) ?? { covered: 0, total: 0 };
    entry.covered += lines.covered;
    entry.total += lines.total;
    folders.set(folder, entry);
  }
  const rank = (folder) => (order.includes(folder) ? order.indexOf(folder) : order.length);
  const pct = ({ covered, total }) => (total === 0 ? 100 : (100 * covered) / total);
  const rows = [...folders.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([folder, c]) => ({ folder, ...c, pct: pct(c) }));
  const all = rows.reduce((sum, r) => ({ covered: sum.covered + r.covered, total: sum.total + r.total }), {
    covered: 0,
    total: 0,
  });
  return { rows, total: { folder: area, ...all, pct: pct(all) }, files };
}

/**
 * Source files below `folder` that no coverage map lists (for the renderer: not in the bundle).
 * @param {string} root
 * @param {string} folder
 * @param {Set<string>} listed
 */
export function unlistedSources(root, folder, listed) {
  const base = resolve(root, folder);
  return readdirSync(base, { recursive: true })
    .map(String)
    .filter((name) => ['.ts', '.tsx'].includes(extname(name)) && !/\.(test|d)\.tsx?$/.test(name))
    .map((name) => join(base, name))
    .filter((file) => !listed.has(file))
    .map((file) => relative(root, file));
}

/**
 * One table as text: a row per folder, then the area's total. With `before`, a first column shows the
 * same folders as the unit tests alone measured them, so what the rest of the suite adds can be seen.
 * @param {string} title
 * @param {{ rows: Row[], total: Row }} result
 * @param {{ rows: Row[], total: Row }} [before]
 */
export function formatTable(title, result, before) {
  const width = Math.max(
    16,
    ...result.rows.map((row) => row.folder.length + 2),
    result.total.folder.length + 2,
  );
  const cell = (row) => `${row.pct.toFixed(2).padStart(6)}%  ${`(${row.covered}/${row.total})`.padEnd(15)}`;
  const none = '-'.padStart(7).padEnd(25);
  const lines = [
    title,
    `  ${'folder'.padEnd(width)} ${before ? `${'unit tests'.padEnd(25)} ` : ''}whole suite`,
  ];
  for (const row of result.rows) {
    const earlier = before?.rows.find((candidate) => candidate.folder === row.folder);
    lines.push(
      `  ${row.folder.padEnd(width)} ${before ? `${earlier ? cell(earlier) : none} ` : ''}${cell(row)}`,
    );
  }
  lines.push(
    `  ${result.total.folder.padEnd(width)} ${before ? `${cell(before.total)} ` : ''}${cell(result.total)}`,
  );
  return lines.join('\n');
}
