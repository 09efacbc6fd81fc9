import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/aws-cli.js';
import { CLI_MAIN } from './support/cli-env.js';
import { describeMismatch, normalizeOutput, outputMatches } from './support/docs-expect.js';
import {
  commandsOf,
  documentationFiles,
  parseDirective,
  parseMarkdown,
  readDoc,
  SHELL_LANGS,
  type DocBlock,
  type ParsedDoc,
} from './support/docs-markdown.js';
import { commandSkip, createSandbox, runBlock, sandboxPorts, type Sandbox } from './support/docs-runner.js';
import { skipUnless } from './support/skip.js';

/**
 * The docs test: every command shown in README.md and docs/ runs here, and what it prints is compared
 * with the documentation, so the docs cannot drift from the code. How blocks are read and marked:
 * e2e/support/docs-markdown.ts; how commands run (sandbox, substitutions, long-running commands):
 * e2e/support/docs-runner.ts. Each block is one test, in document order, in one sandbox per document.
 * A block or command that cannot run here carries a marker with its reason and is reported as a
 * skipped test with that reason (.ci/run lists them): none is left out silently.
 */

/**
 * Markers for files this test does not edit (the README's other sections belong to the whole
 * project; docs/benchmarks.md is written by bench/run-all.ts), keyed by the first command of a block.
 */
const EXTERNAL_MARKERS: { file: string; firstCommand: string; markers: string[] }[] = [
  {
    file: 'README.md',
    firstCommand: 'npm ci',
    markers: [
      'skip-command npm ci: replaces node_modules and needs the npm registry; .ci/run runs it on a fresh clone',
      'skip-command npm link: installs into the global npm prefix; e2e/npm-package.test.ts installs the package globally into a scratch prefix instead',
    ],
  },
  {
    file: 'docs/benchmarks.md',
    firstCommand: 'npm run bench',
    markers: [
      'skip: the benchmarks run for minutes on an idle machine and rewrite this file; bench/run-all.ts runs them (npm run bench)',
    ],
  },
];

/** Fenced blocks without a language whose first line is one of these are commands left unmarked. */
const COMMAND_WORDS =
  /^(\$ )?(ssm-desk|session-manager-plugin|aws|npm|npx|node|sudo|ssh|curl|openssl|export)\b/;

const docs: ParsedDoc[] = documentationFiles(REPO_ROOT).map((file) => readDoc(REPO_ROOT, file));
const externalProblems: string[] = [];
for (const external of EXTERNAL_MARKERS) {
  const doc = docs.find((d) => d.file === external.file);
  const blocks = (doc?.blocks ?? []).filter(
    (b) => SHELL_LANGS.has(b.lang) && commandsOf(b)[0]?.bare.startsWith(external.firstCommand),
  );
  if (blocks.length !== 1) {
    externalProblems.push(
      `${external.file}: ${blocks.length} shell blocks start with "${external.firstCommand}" (expected 1): update EXTERNAL_MARKERS`,
    );
    continue;
  }
  for (const marker of external.markers) {
    const directive = parseDirective(marker);
    if (typeof directive === 'string') externalProblems.push(`${external.file}: ${directive}`);
    else blocks[0]?.directives.push(directive);
  }
}

function blockName(block: DocBlock): string {
  const commands = commandsOf(block);
  const first = (commands.find((c) => commandSkip(block, c) === undefined) ?? commands[0])?.text ?? '';
  return `${block.file}:${block.line} ${first.length > 90 ? `${first.slice(0, 89)}…` : first}`;
}

function skipReason(block: DocBlock): string | undefined {
  for (const d of block.directives) if (d.kind === 'skip') return d.reason;
  return undefined;
}

/** `ssm-desk …` run as a plain process, for the reference checks. */
function ssmDesk(...args: string[]): { status: number; stdout: string } {
  const result = spawnSync(process.execPath, [CLI_MAIN, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout };
}

const SAMPLE = [
  '<!-- docs-test: exit 2 -->',
  '',
  '```sh',
  'ssm-desk ls --region us-east-1',
  "ssm-desk exec web-1 -- 'echo # not a comment'   # a comment",
  '# a comment line',
  'ssm-desk forward web-1 \\',
  '  -L 8080:localhost:80',
  '```',
  '',
  '```text',
  'ID …',
  '…',
  '```',
  '',
  '- A list item:',
  '',
  '  <!-- docs-test: file ~/.aws/config -->',
  '',
  '  ```ini',
  '  [profile dev]',
  '  region = us-east-1',
  '  ```',
  '',
  '<!-- docs-test: skip: needs macOS -->',
  '<!-- docs-test: skip-command npm ci: needs the internet -->',
  '```sh',
  'open -a "SSM Desk"',
  '```',
  'Prose, so the text block below is not the output.',
  '```text',
  'x',
  '```',
  '<!-- docs-test: exit 1 -->',
  'prose',
  '<!-- docs-test: skipp: typo -->',
  '```sh',
  'true',
  '```',
].join('\n');

describe('docs test: its own matching and parsing', () => {
  it('matches `…` within a line and as whole lines, and nothing else', () => {
    const documented =
      'Forwarding 127.0.0.1:8080 -> localhost:80 (session demo-…)\n…\nSOCKS5 proxy on 127.0.0.1:1080';
    const printed = normalizeOutput(
      '\u001b[1mForwarding 127.0.0.1:8080 -> localhost:80 (session demo-1f2e)\u001b[0m\r\nline\r\nmore\nSOCKS5 proxy on 127.0.0.1:1080\n\n',
    );
    expect(outputMatches(documented, printed)).toBe(true);
    expect(outputMatches(documented, [...printed.slice(0, -1), 'SOCKS5 proxy on 127.0.0.1:1081'])).toBe(
      false,
    );
    expect(outputMatches('a\nb', ['a', 'b', 'c'])).toBe(false);
    expect(outputMatches('a (x)', ['a (y)'])).toBe(false);
    expect(describeMismatch('a\nb', ['a', 'c'])).toContain('first difference near line 2');
  });

  it('reads markers, output blocks and commands', () => {
    const doc = parseMarkdown('sample.md', SAMPLE);
    expect(doc.problems).toEqual([
      'sample.md:34: a docs-test marker is not followed by a fenced block',
      'sample.md:36: unknown docs-test marker "skipp: typo" (skip: <reason>, skip-command <prefix>: <reason>, exit <n>, file <path>, terminal)',
    ]);
    const [first, second, third] = doc.blocks;
    expect(first?.directives).toEqual([{ kind: 'exit', code: 2 }]);
    expect(commandsOf(first as DocBlock).map((c) => [c.line, c.bare])).toEqual([
      [4, 'ssm-desk ls --region us-east-1'],
      [5, "ssm-desk exec web-1 -- 'echo # not a comment'"],
      [7, 'ssm-desk forward web-1 -L 8080:localhost:80'],
    ]);
    expect(first?.output?.text).toBe('ID …\n…');
    expect(second?.directives).toEqual([{ kind: 'file', path: '~/.aws/config' }]);
    expect(second?.text).toBe('[profile dev]\nregion = us-east-1');
    expect(third?.directives).toEqual([
      { kind: 'skip', reason: 'needs macOS' },
      { kind: 'skip-command', prefix: 'npm ci', reason: 'needs the internet' },
    ]);
    expect(third?.output).toBeUndefined();
  });
});

describe('documentation structure', () => {
  it('every docs-test marker is well-formed and stands before a fenced block', () => {
    expect([...docs.flatMap((d) => d.problems), ...externalProblems]).toEqual([]);
  });

  it('no command is shown outside a shell block (unmarked commands would never run)', () => {
    const unlabelled = docs.flatMap((doc) =>
      doc.blocks
        .filter((b) => (b.lang === '' || b.lang === 'console') && COMMAND_WORDS.test(b.text.trimStart()))
        .map((b) => `${b.file}:${b.line}: label the block sh (it runs) or text (it is output)`),
    );
    expect(unlabelled).toEqual([]);
  });

  it('every local link and image points at a file that exists', () => {
    const broken: string[] = [];
    for (const doc of docs) {
      const source = readFileSync(join(REPO_ROOT, doc.file), 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const match of source.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = (match[1] as string).split('#')[0] as string;
        if (!target || /^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(REPO_ROOT, dirname(doc.file), target))) broken.push(`${doc.file}: ${match[0]}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the CLI reference (docs/cli.md) against ssm-desk --help', () => {
  const cliDoc = docs.find((d) => d.file === 'docs/cli.md') as ParsedDoc;
  const main = ssmDesk('--help');
  const commandNames = [
    ...new Set(
      [...main.stdout.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)]
        .map((m) => m[1] as string)
        .filter((name) => name !== 'terminate'),
    ),
  ];
  const commonOptions = main.stdout.slice(main.stdout.indexOf('Common options:'));
  const helpBlocks = new Map(
    cliDoc.blocks
      .filter(
        (b) => SHELL_LANGS.has(b.lang) && /^ssm-desk( [a-z-]+)? --help$/.test(commandsOf(b)[0]?.bare ?? ''),
      )
      .map((b) => [commandsOf(b)[0]?.bare as string, b]),
  );

  it('ssm-desk --help lists the commands', () => {
    expect(main.status).toBe(0);
    expect(commandNames).toContain('ls');
    expect(commandNames.length).toBeGreaterThan(8);
  });

  for (const command of ['', ...commandNames].map((name) =>
    name ? `ssm-desk ${name} --help` : 'ssm-desk --help',
  )) {
    it(`docs/cli.md shows \`${command}\` exactly as it prints`, () => {
      const block = helpBlocks.get(command);
      expect(block, `docs/cli.md has no sh block \`${command}\` with its output after it`).toBeDefined();
      const printed = ssmDesk(...command.split(' ').slice(1));
      expect(printed.status).toBe(0);
      expect(block?.output?.text.trimEnd()).toBe(printed.stdout.trimEnd());
    });
  }

  it('the prose of docs/cli.md names every option the help texts list', () => {
    const source = readFileSync(join(REPO_ROOT, 'docs/cli.md'), 'utf8');
    const prose = cliDoc.blocks.reduce(
      (text, block) => (block.output ? text.replace(block.output.text, '') : text),
      source,
    );
    const missing: string[] = [];
    for (const command of helpBlocks.keys()) {
      const help = ssmDesk(...command.split(' ').slice(1)).stdout;
      for (const flag of new Set(help.match(/(?<=^|[\s[(])--[a-z][a-z-]+/g) ?? [])) {
        if (!new RegExp(`${flag}(?![a-z-])`).test(prose)) missing.push(`${command}: ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every `ssm-desk …` shown anywhere names a command and options that exist', () => {
    const helps = new Map<string, string>();
    const helpOf = (name: string): string => {
      if (!helps.has(name)) helps.set(name, ssmDesk(name, '--help').stdout);
      return helps.get(name) as string;
    };
    const wrong: string[] = [];
    for (const doc of docs) {
      const source = readFileSync(join(REPO_ROOT, doc.file), 'utf8');
      const shown = [
        ...[...source.matchAll(/`(ssm-desk [^`]+)`/g)].map((m) => m[1] as string),
        ...doc.blocks.filter((b) => SHELL_LANGS.has(b.lang)).flatMap((b) => commandsOf(b).map((c) => c.bare)),
      ];
      for (const text of shown) {
        const words = text.slice(text.indexOf('ssm-desk ')).split(/\s+/);
        const name = words[1] ?? '';
        if (/^(-|<|\[|…)/.test(name) || name === '') continue;
        if (!commandNames.includes(name)) {
          wrong.push(`${doc.file}: \`${text}\`: no command ${name}`);
          continue;
        }
        // Every command but the emulator takes the common options (common-flags.ts), listed in its
        // help or not.
        const known = name === 'emulator' ? helpOf(name) : `${helpOf(name)}\n${commonOptions}`;
        const end = words.indexOf('--');
        for (const word of words.slice(2, end < 0 ? undefined : end)) {
          const flag = /^--[a-z][a-z-]*/.exec(word)?.[0];
          if (flag && !new RegExp(`${flag}(?![a-z-])`).test(known)) {
            wrong.push(`${doc.file}: \`${text}\`: ssm-desk ${name} has no ${flag}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every `npm run …` shown anywhere is a script of package.json', () => {
    const scripts = Object.keys(
      (
        JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const wrong: string[] = [];
    for (const doc of docs) {
      const source = readFileSync(join(REPO_ROOT, doc.file), 'utf8');
      for (const match of source.matchAll(/\bnpm (?:run ([a-z][\w:-]*)|(start|test)\b)/g)) {
        const script = (match[1] ?? match[2]) as string;
        if (!scripts.includes(script)) wrong.push(`${doc.file}: npm ${match[0]}: no such script`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the library API reference (docs/reference/library-api.md)', () => {
  it('is what docs/tools/api-reference.mjs writes from the built declarations', () => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'docs/tools/api-reference.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a section for every name the package entries export', () => {
    const reference = readFileSync(join(REPO_ROOT, 'docs/reference/library-api.md'), 'utf8');
    const missing: string[] = [];
    for (const entry of ['dist/src-main/index.d.ts', 'dist/src-main/emulator/index.d.ts']) {
      const declarations = readFileSync(join(REPO_ROOT, entry), 'utf8');
      const names = [
        ...[...declarations.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
          (m[1] as string).split(',').map(
            (n) =>
              n
                .trim()
                .replace(/^type\s+/, '')
                .split(/\s+as\s+/)
                .pop() ?? '',
          ),
        ),
        ...[...declarations.matchAll(/export declare (?:function|class|const|type|interface) (\w+)/g)].map(
          (m) => m[1] as string,
        ),
      ].filter(Boolean);
      for (const name of names) if (!new RegExp(`^### \`${name}\``, 'm').test(reference)) missing.push(name);
    }
    expect(missing).toEqual([]);
  });
});

/** What the run did, printed at the end: commands run and how they were checked, and every skip. */
const tally = { compared: 0, byStatus: 0, skipped: [] as string[] };
afterAll(() => {
  console.log(
    [
      `docs test: ${tally.compared} commands run with their output compared, ${tally.byStatus} checked by ` +
        `exit status and their driver only (no output block), ${tally.skipped.length} not run:`,
      ...tally.skipped.map((line) => `  ${line}`),
    ].join('\n'),
  );
});

for (const doc of docs) {
  const runnable = doc.blocks.filter(
    (b) => SHELL_LANGS.has(b.lang) || b.directives.some((d) => d.kind === 'file'),
  );
  if (runnable.length === 0) continue;
  describe(`commands of ${doc.file}`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await createSandbox();
    });
    afterAll(async () => {
      await sandbox?.close();
    });
    for (const block of runnable) {
      const reason = skipReason(block);
      if (reason !== undefined) {
        for (const command of commandsOf(block))
          tally.skipped.push(`${block.file}:${command.line}: ${reason}`);
        it(blockName(block), skipUnless(false, reason), () => undefined);
        continue;
      }
      const file = block.directives.find((d) => d.kind === 'file');
      if (file?.kind === 'file') {
        it(`${block.file}:${block.line} is written to ${file.path}`, async () => {
          await runBlock(block, sandbox, sandboxPorts(sandbox));
        });
        continue;
      }
      for (const command of commandsOf(block)) {
        const skipped = commandSkip(block, command);
        if (skipped !== undefined) {
          tally.skipped.push(`${block.file}:${command.line}: ${skipped}`);
          it(`${block.file}:${command.line} ${command.text}`, skipUnless(false, skipped), () => undefined);
        }
      }
      it(blockName(block), async () => {
        const report = await runBlock(block, sandbox, sandboxPorts(sandbox));
        const ran = report.commands.filter((c) => c.skipped === undefined && c.kind !== 'export').length;
        if (block.output) tally.compared += ran;
        else tally.byStatus += ran;
        if (block.output && !outputMatches(block.output.text, report.output)) {
          throw new Error(
            `${block.file}:${block.output.line}: the documented output differs from what the commands print\n` +
              describeMismatch(block.output.text, report.output),
          );
        }
      });
    }
  });
}
