#!/usr/bin/env node
// Removes build outputs in dist/ whose TypeScript source is gone. tsc writes outputs but never deletes
// them, so a renamed or deleted module would otherwise live on in dist/ and be shipped by `npm pack`
// (this runs as its prepack) and `npm run dist`. Only outputs without a source are touched, so it is
// safe while others use dist/.
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The trees tsc mirrors from the repository into dist/ (tsconfig.build.json "include"). */
const TREES = ['src-main', 'src-shared', 'bench'];
const OUTPUT = /^(.*?)(\.d\.ts|\.js|\.cjs|\.mjs)(\.map)?$/;
const SOURCES = ['.ts', '.tsx', '.mts', '.cts'];

let removed = 0;

/** Deletes stale outputs below `dir`; true when `dir` is left empty. */
function prune(dir) {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (prune(path)) rmdirSync(path);
      else empty = false;
      continue;
    }
    const match = OUTPUT.exec(entry.name);
    if (!match) {
      empty = false;
      continue;
    }
    const source = join(root, relative(join(root, 'dist'), dir), match[1]);
    if (SOURCES.some((extension) => existsSync(source + extension))) empty = false;
    else {
      rmSync(path);
      removed++;
    }
  }
  return empty;
}

for (const tree of TREES) {
  const dir = join(root, 'dist', tree);
  if (existsSync(dir)) prune(dir);
}
if (removed) console.log(`prune-dist: removed ${removed} stale file${removed === 1 ? '' : 's'} from dist/`);
