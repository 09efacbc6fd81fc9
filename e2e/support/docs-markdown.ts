import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The Markdown side of the docs test (e2e/docs.test.ts): fenced blocks, the `docs-test` markers in
 * front of them, and the shell commands inside them.
 *
 * Markers are HTML comments on the lines right before a fence (blank lines and other markers may sit
 * between), invisible when the page is rendered:
 *
 *   <!-- docs-test: skip: needs macOS -->                 the block is not run, for this reason
 *   <!-- docs-test: skip-command npm ci: needs the internet -->
 *                                                         commands starting with `npm ci` are not run
 *   <!-- docs-test: exit 2 -->                            every command of the block exits with 2
 *   <!-- docs-test: file ~/.aws/config -->                this (non-shell) block is appended to the file
 *   <!-- docs-test: terminal -->                          the commands run on a terminal (a pty), where
 *                                                         an MFA prompt is answered with the emulator's code
 *
 * A `text` block right after a shell block (nothing but blank lines between) is the output the block
 * prints, stdout and stderr together as a terminal shows them; `…` in it matches any text within a
 * line, and a line holding only `…` matches any number of lines.
 */

export type Directive =
  | { kind: 'skip'; reason: string }
  | { kind: 'skip-command'; prefix: string; reason: string }
  | { kind: 'exit'; code: number }
  | { kind: 'file'; path: string }
  | { kind: 'terminal' };

export interface Fence {
  /** Path relative to the repository, e.g. docs/cli.md. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The info string's first word (`sh`, `text`, `ts`, or '' for none). */
  lang: string;
  /** The block's text, without the fences and without the indentation of the opening fence. */
  text: string;
}

export interface DocBlock extends Fence {
  directives: Directive[];
  /** The `text` block right after a shell block: what it prints. */
  output?: Fence;
}

export interface ParsedDoc {
  file: string;
  blocks: DocBlock[];
  /** Markers that are malformed or not followed by a fence: each one fails the structure test. */
  problems: string[];
}

/** Fence languages whose blocks are commands to run. */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const MARKER = /^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$/;

/** One marker's text ("skip: needs macOS") as a directive, or an error message. */
export function parseDirective(text: string): Directive | string {
  let match = /^skip:\s*(\S.*)$/.exec(text);
  if (match) return { kind: 'skip', reason: match[1] as string };
  match = /^skip-command\s+([^:]+?):\s*(\S.*)$/.exec(text);
  if (match) return { kind: 'skip-command', prefix: match[1] as string, reason: match[2] as string };
  match = /^exit\s+(\d+)$/.exec(text);
  if (match) return { kind: 'exit', code: Number(match[1]) };
  match = /^file\s+(\S+)$/.exec(text);
  if (match) return { kind: 'file', path: match[1] as string };
  if (text === 'terminal') return { kind: 'terminal' };
  return `unknown docs-test marker "${text}" (skip: <reason>, skip-command <prefix>: <reason>, exit <n>, file <path>, terminal)`;
}

export function parseMarkdown(file: string, source: string): ParsedDoc {
  const lines = source.split('\n');
  const blocks: DocBlock[] = [];
  const problems: string[] = [];
  let pending: { line: number; directive: Directive }[] = [];
  const dropPending = (why: string): void => {
    for (const marker of pending) problems.push(`${file}:${marker.line}: a docs-test marker ${why}`);
    pending = [];
  };
  let previousShell: DocBlock | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const marker = MARKER.exec(line);
    if (marker) {
      const directive = parseDirective(marker[1] as string);
      if (typeof directive === 'string') problems.push(`${file}:${i + 1}: ${directive}`);
      else pending.push({ line: i + 1, directive });
      previousShell = undefined;
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (line.trim() !== '') {
        dropPending('is not followed by a fenced block');
        previousShell = undefined;
      }
      continue;
    }
    const indent = (fence[1] as string).length;
    // Backticks and tildes are not special in a regular expression.
    const closing = new RegExp(`^\\s*${fence[2] as string}[\`~]*\\s*$`);
    const lang = (fence[3] as string).toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const inner = lines[j] as string;
      if (closing.test(inner)) break;
      body.push(inner.slice(Math.min(indent, inner.length - inner.trimStart().length)));
    }
    const block: Fence = { file, line: i + 1, lang, text: body.join('\n') };
    if (previousShell && lang === 'text' && pending.length === 0) {
      previousShell.output = block;
      previousShell = undefined;
    } else {
      const docBlock: DocBlock = { ...block, directives: pending.map((p) => p.directive) };
      pending = [];
      blocks.push(docBlock);
      previousShell = SHELL_LANGS.has(lang) ? docBlock : undefined;
    }
    i = j;
  }
  dropPending('is not followed by a fenced block');
  return { file, blocks, problems };
}

/** README.md and every Markdown file under docs/, as paths relative to `root`. */
export function documentationFiles(root: string): string[] {
  const found: string[] = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(relative(root, join(root, path)));
    }
  };
  walk('docs');
  return found.sort((a, b) => (a === 'README.md' ? -1 : b === 'README.md' ? 1 : a.localeCompare(b)));
}

export function readDoc(root: string, file: string): ParsedDoc {
  return parseMarkdown(file, readFileSync(join(root, file), 'utf8'));
}

export interface DocCommand {
  /** As written, continuation lines joined (`\` + newline becomes a space), comment included. */
  text: string;
  /** Without its trailing `# comment`. */
  bare: string;
  /** 1-based line in the file. */
  line: number;
}

/** The text before an unquoted `#` that starts a word (a shell comment), trimmed. */
export function withoutComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

/** The commands of a shell block: one per line, `\` continuations joined, comment lines left out. */
export function commandsOf(block: Fence): DocCommand[] {
  const commands: DocCommand[] = [];
  const lines = block.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i] as string;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = `${text.slice(0, -1).trimEnd()} ${(lines[++i] as string).trim()}`;
    }
    const bare = withoutComment(text.trim());
    if (bare === '') continue;
    commands.push({ text: text.trim(), bare, line: block.line + 1 + start });
  }
  return commands;
}
