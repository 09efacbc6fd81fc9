#!/usr/bin/env node
// Writes docs/reference/library-api.md: every export of the package's two entries (`ssm-desk` and
// `ssm-desk/emulator`) with its declaration and its doc comment, read from the built declarations
// (dist/src-main/index.d.ts, dist/src-main/emulator/index.d.ts) with the TypeScript compiler API.
//
//   npm run build && node docs/tools/api-reference.mjs           rewrites the file
//   node docs/tools/api-reference.mjs --check                     exits 1 when the file is not what
//                                                                  it would write (e2e/docs.test.ts)
//
// Declarations are shown as the .d.ts files have them (what a TypeScript user of the package sees),
// with `export declare` dropped and private class members left out. Types inferred from zod schemas
// (src-shared/model) are shown expanded, since `z.infer<typeof X>` tells a reader nothing. The page is
// formatted with the repository's Prettier settings, so `prettier --check` and this script agree.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import prettier from 'prettier';
import ts from 'typescript';

const root = join(import.meta.dirname, '..', '..');
const output = join(root, 'docs', 'reference', 'library-api.md');
const entries = [
  {
    name: 'ssm-desk',
    file: join(root, 'dist', 'src-main', 'index.d.ts'),
    about:
      'The client library: AWS context, inventory, shells, commands, port forwarding, SOCKS, sessions, ' +
      'sign-in, errors and the shared log. Guide: [library.md](../library.md).',
  },
  {
    name: 'ssm-desk/emulator',
    file: join(root, 'dist', 'src-main', 'emulator', 'index.d.ts'),
    about:
      'The local emulator of the AWS side, in-process. Guide: [emulator.md](../emulator.md) (configuration, ' +
      'control routes, fault injection).',
  },
];

const KIND_NAMES = {
  [ts.SyntaxKind.FunctionDeclaration]: 'function',
  [ts.SyntaxKind.ClassDeclaration]: 'class',
  [ts.SyntaxKind.InterfaceDeclaration]: 'interface',
  [ts.SyntaxKind.TypeAliasDeclaration]: 'type',
  [ts.SyntaxKind.VariableDeclaration]: 'constant',
  [ts.SyntaxKind.EnumDeclaration]: 'enum',
};

function fail(message) {
  console.error(`api-reference: ${message}`);
  process.exit(2);
}

for (const entry of entries) {
  if (!existsSync(entry.file)) fail(`${relative(root, entry.file)} is missing: run npm run build first`);
}

const program = ts.createProgram(
  entries.map((entry) => entry.file),
  {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
);
const checker = program.getTypeChecker();
const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: false });

/** dist/src-main/x/y.d.ts → src-main/x/y.ts */
function sourcePath(fileName) {
  return relative(join(root, 'dist'), fileName).replace(/\.d\.ts$/, '.ts');
}

function isPrivate(member) {
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  return (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
}

/** Types inferred from zod (`z.infer<typeof X>`), spelled out by the checker. */
function expandedAlias(node) {
  const type = checker.getTypeAtLocation(node.name);
  const text = checker.typeToString(
    type,
    undefined,
    ts.TypeFormatFlags.NoTruncation |
      ts.TypeFormatFlags.MultilineObjectLiterals |
      ts.TypeFormatFlags.InTypeAlias,
  );
  const parameters = node.typeParameters ? `<${node.typeParameters.map((p) => p.getText()).join(', ')}>` : '';
  return `type ${node.name.text}${parameters} = ${text};`;
}

/** One declaration as a reader should see it: no `export declare`, no private members, no body. */
function declarationText(node) {
  const sourceFile = node.getSourceFile();
  let text;
  if (ts.isClassDeclaration(node)) {
    const members = node.members.filter((member) => !isPrivate(member));
    const copy = ts.factory.updateClassDeclaration(
      node,
      ts.getModifiers(node),
      node.name,
      node.typeParameters,
      node.heritageClauses,
      members,
    );
    text = printer.printNode(ts.EmitHint.Unspecified, copy, sourceFile);
  } else if (ts.isVariableDeclaration(node)) {
    text = node.parent.parent.getText(sourceFile);
  } else if (
    ts.isTypeAliasDeclaration(node) &&
    /\bz\.(infer|input|output)</.test(node.type.getText(sourceFile))
  ) {
    text = expandedAlias(node);
  } else {
    text = node.getText(sourceFile);
  }
  // The class's own doc comment comes with the printed node; it is shown above the code instead.
  return text
    .replace(/^\/\*\*[\s\S]*?\*\/\s*/, '')
    .replace(/^export\s+/, '')
    .replace(/^declare\s+/, '');
}

/** The first sentence of a doc comment, for the index table. */
function summary(doc) {
  if (!doc) return '—';
  const first = doc.split(/\n\n/)[0].replace(/\s+/g, ' ').trim();
  // A sentence ends at a full stop before a capital, a backtick or the end ("e.g. the" goes on).
  let sentence = /^(.*?\.)(?=\s+[A-Z`(]|$)/.exec(first)?.[1] ?? first;
  if (sentence.length > 200) sentence = `${sentence.slice(0, 200).replace(/\s+\S*$/, '')} …`;
  return sentence.replace(/\|/g, '\\|');
}

/** The doc comment of a symbol: its text, then its tags (`@param`, `@example`, …). */
function docComment(symbol) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const tags = symbol.getJsDocTags(checker).map((tag) => {
    const body = ts.displayPartsToString(tag.text ?? []).trim();
    return `- \`@${tag.name}\`${body ? ` ${body}` : ''}`;
  });
  return [text, tags.join('\n')].filter(Boolean).join('\n\n');
}

/** GitHub's anchors: the heading's text lower-cased, punctuation dropped, `-1`, `-2` … on repeats. */
const usedAnchors = new Map();
function anchor(heading) {
  const slug = heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
  const seen = usedAnchors.get(slug) ?? 0;
  usedAnchors.set(slug, seen + 1);
  return seen === 0 ? slug : `${slug}-${seen}`;
}

function describeEntry(entry) {
  const sourceFile = program.getSourceFile(entry.file);
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) fail(`${relative(root, entry.file)} is not a module`);
  anchor(`\`${entry.name}\``);
  const sections = [];
  const index = ['| Export | Kind | Summary |', '| --- | --- | --- |'];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declarations = (symbol.declarations ?? []).filter((d) => KIND_NAMES[d.kind] !== undefined);
    if (declarations.length === 0) fail(`${entry.name}: no declaration found for ${exported.name}`);
    const kinds = [...new Set(declarations.map((d) => KIND_NAMES[d.kind]))].join(' and ');
    const from = [...new Set(declarations.map((d) => sourcePath(d.getSourceFile().fileName)))];
    const doc = docComment(symbol);
    index.push(`| [\`${exported.name}\`](#${anchor(`\`${exported.name}\``)}) | ${kinds} | ${summary(doc)} |`);
    sections.push(`### \`${exported.name}\``, '');
    sections.push(`${kinds}, from ${from.map((f) => `\`${f}\``).join(', ')}`, '');
    if (doc) sections.push(doc, '');
    sections.push('```ts', declarations.map(declarationText).join('\n\n'), '```', '');
  }
  return [`## \`${entry.name}\``, '', entry.about, '', ...index, '', ...sections];
}

const page = [
  '# Library API reference',
  '',
  '<!-- Generated by docs/tools/api-reference.mjs from the built declarations; do not edit. -->',
  '',
  "Every export of the npm package's two entries, with its declaration as the package's type",
  'declarations have it and its doc comment. Generated from `dist/src-main/index.d.ts` and',
  '`dist/src-main/emulator/index.d.ts` by `docs/tools/api-reference.mjs` (`npm run build && node',
  'docs/tools/api-reference.mjs`); `e2e/docs.test.ts` fails when this page is not what the script writes.',
  'Private class members are left out; types inferred from zod schemas are shown expanded.',
  '',
  ...entries.flatMap(describeEntry),
].join('\n');

const config = (await prettier.resolveConfig(output)) ?? {};
const formatted = await prettier.format(page, { ...config, filepath: output });

if (process.argv.includes('--check')) {
  const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
  if (current !== formatted) {
    console.error(
      `api-reference: ${relative(root, output)} is not what the declarations give: run npm run build && node docs/tools/api-reference.mjs`,
    );
    process.exit(1);
  }
} else {
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, formatted);
  console.log(`api-reference: wrote ${relative(root, output)}`);
}
