// Proves that every architecture rule in eslint.config.mjs fires: each rule gets a small violating
// snippet, linted as if it lived at a real path in the zone, and must report that rule (and, for the
// zones, that zone's own message); a legal neighbour must lint clean, so a rule cannot pass by
// rejecting everything. The snippets import files found on disk at test time, so renaming a module
// does not break this test, and an import the resolver cannot follow would make a violation test fail
// rather than pass silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Lints `code` as the file at `filePath` (relative to the repository) and returns its messages. */
async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  if (!result) throw new Error(`no lint result for ${filePath}`);
  // A parse error or an ignored file has no rule id: it would make a "legal" case pass for nothing.
  const broken = result.messages.filter((m) => m.ruleId === null);
  if (broken.length)
    throw new Error(`${filePath} was not linted: ${broken.map((m) => m.message).join('; ')}`);
  return result.messages;
}

const summary = (messages: Linter.LintMessage[]): string[] =>
  messages.map((m) => `${m.ruleId}: ${m.message}`);

/** Expects `rule` to fire on the snippet, with a message containing `text` when given. */
async function expectViolation(filePath: string, code: string, rule: string, text?: string): Promise<void> {
  const messages = await lint(filePath, code);
  const hits = messages.filter((m) => m.ruleId === rule && (text === undefined || m.message.includes(text)));
  expect(hits, `${rule} on ${filePath}: ${code}\nreported: ${summary(messages).join('\n')}`).not.toEqual([]);
}

async function expectClean(filePath: string, code: string): Promise<void> {
  expect(summary(await lint(filePath, code)), `${filePath}: ${code}`).toEqual([]);
}

/** Some non-test module under `folder` (a real file, so the resolver can follow an import of it). */
function moduleIn(folder: string): string {
  if (statSync(join(root, folder)).isFile()) return folder;
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir))
      .sort()
      .flatMap((name) => {
        const path = `${dir}/${name}`;
        if (statSync(join(root, path)).isDirectory()) return walk(path);
        return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : [];
      });
  const found = walk(folder)[0];
  if (!found) throw new Error(`no module in ${folder} to import`);
  return found;
}

/** The import specifier `from` would write for `to`: relative, with the .js extension tsc wants. */
function specifier(from: string, to: string): string {
  const path = relative(dirname(from), to).replace(/\.tsx?$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

/** `import '<to>';` as written in `from`. */
const importOf = (from: string, to: string): string => `import '${specifier(from, to)}';\n`;

const ZONE = 'import-x/no-restricted-paths';
const BUILTIN = 'import-x/no-nodejs-modules';

interface LayerCase {
  /** The file the snippet pretends to be. */
  file: string;
  /** Folders (or files) it must not import, each checked with a static and a dynamic import. */
  forbidden: string[];
  /** Folders (or files) it may import. */
  allowed: string[];
  /** A piece of the zone's message, so the right zone is proven to fire. */
  message: string;
}

const layerCases: LayerCase[] = [
  {
    file: 'src-shared/model/example.ts',
    forbidden: ['src-main/protocol', 'src-main/client', 'src-renderer'],
    allowed: ['src-shared/version.ts'],
    message: 'src-shared is imported by the engine and the renderer',
  },
  {
    file: 'src-main/protocol/codec/example.ts',
    forbidden: ['src-main/transport', 'src-main/sessions', 'src-main/emulator', 'src-main/client'],
    allowed: ['src-main/protocol', 'src-shared'],
    message: 'src-main/protocol is pure',
  },
  {
    file: 'src-main/transport/example.ts',
    forbidden: ['src-main/sessions', 'src-main/aws', 'src-main/client', 'src-main/cli'],
    allowed: ['src-main/protocol/codec', 'src-shared'],
    message: 'transport sits on protocol only',
  },
  {
    file: 'src-main/sessions/port/example.ts',
    forbidden: ['src-main/aws', 'src-main/client', 'src-main/plugin', 'src-main/terminal'],
    allowed: ['src-main/transport', 'src-main/protocol'],
    message: 'sessions sit on transport and protocol',
  },
  {
    file: 'src-main/aws/example.ts',
    forbidden: ['src-main/client', 'src-main/cli', 'src-main/emulator', 'src-main/index.ts'],
    allowed: ['src-main/sessions', 'src-main/transport'],
    message: 'the AWS adapters sit on sessions and below',
  },
  {
    file: 'src-main/logging/example.ts',
    forbidden: ['src-main/protocol', 'src-main/client', 'src-main/cli'],
    allowed: ['src-shared'],
    message: 'logging is used by every face and the client',
  },
  {
    file: 'src-main/client/example.ts',
    forbidden: ['src-main/cli', 'src-main/plugin', 'src-main/app', 'src-main/emulator', 'src-main/terminal'],
    allowed: ['src-main/aws', 'src-main/sessions', 'src-shared'],
    message: 'the client library knows no face',
  },
  {
    file: 'src-main/index.ts',
    forbidden: ['src-main/emulator', 'src-main/cli', 'src-main/terminal'],
    allowed: ['src-main/client', 'src-main/aws'],
    message: 'the library entry must not load a face, the emulator',
  },
  {
    file: 'src-main/terminal/example.ts',
    forbidden: ['src-main/client', 'src-main/cli', 'src-main/aws'],
    allowed: ['src-main/sessions'],
    message: 'the process TTY is a TerminalIO for the CLI faces',
  },
  {
    file: 'src-main/plugin/example.ts',
    forbidden: ['src-main/cli', 'src-main/emulator', 'src-main/app'],
    allowed: ['src-main/terminal', 'src-main/client', 'src-main/aws'],
    message: 'faces do not import each other',
  },
  {
    file: 'src-main/cli/example.ts',
    forbidden: ['src-main/plugin', 'src-main/app', 'e2e', 'bench'],
    allowed: ['src-main/emulator', 'src-main/client', 'src-main/terminal'],
    message: 'faces do not import each other (the CLI launches the emulator)',
  },
  {
    file: 'src-main/app/core/example.ts',
    forbidden: ['src-renderer', 'e2e'],
    allowed: ['src-main/cli', 'src-main/emulator', 'src-main/client'],
    message: 'the app embeds the CLI',
  },
  {
    file: 'src-main/emulator/agent/example.ts',
    forbidden: [
      'src-main/protocol/reliable-channel.ts',
      'src-main/protocol/rto.ts',
      'src-main/sessions',
      'src-main/transport',
      'src-main/client',
      'src-main/cli',
    ],
    allowed: ['src-main/protocol/codec', 'src-shared'],
    message: 'the emulator shares only the codec',
  },
  {
    file: 'src-renderer/src/views/example.tsx',
    forbidden: ['src-main/client', 'src-main/protocol/codec', 'src-main/app'],
    allowed: ['src-shared'],
    message: 'the renderer imports only src-shared',
  },
];

describe('layer zones (import-x/no-restricted-paths through the TypeScript resolver)', () => {
  for (const { file, forbidden, allowed, message } of layerCases) {
    it(`${file}: forbids ${forbidden.join(', ')}; allows ${allowed.join(', ')}`, async () => {
      for (const folder of forbidden) {
        const target = folder.endsWith('.ts') ? folder : moduleIn(folder);
        await expectViolation(file, importOf(file, target), ZONE, message);
        // import() and re-exports are imports too.
        await expectViolation(
          file,
          `export const load = () => import('${specifier(file, target)}');\n`,
          ZONE,
          message,
        );
        await expectViolation(file, `export * from '${specifier(file, target)}';\n`, ZONE, message);
      }
      for (const folder of allowed) await expectClean(file, importOf(file, moduleIn(folder)));
    });
  }

  it('a test file is not part of its layer: it may use the emulator as a fixture', async () => {
    const file = 'src-main/protocol/example.test.ts';
    await expectClean(file, importOf(file, moduleIn('src-main/emulator')));
  });

  it('every folder of src-main (and the library entry) is placed in a layer', async () => {
    const config: unknown = await import(pathToFileURL(join(root, 'eslint.config.mjs')).href);
    const layers =
      typeof config === 'object' && config !== null && 'layers' in config && typeof config.layers === 'object'
        ? Object.keys(config.layers ?? {})
        : [];
    const entries = readdirSync(join(root, 'src-main'), { withFileTypes: true })
      .filter((e) => e.isDirectory() || (/\.ts$/.test(e.name) && !e.name.endsWith('.test.ts')))
      .map((e) => `src-main/${e.name}`);
    expect(entries.filter((entry) => !layers.includes(entry))).toEqual([]);
  });
});

describe('packages by path', () => {
  const cases: { file: string; module: string; message: string }[] = [
    { file: 'src-main/protocol/example.ts', module: 'ws', message: 'it imports no package' },
    { file: 'src-main/protocol/example.ts', module: 'zod', message: 'it imports no package' },
    { file: 'src-shared/model/example.ts', module: 'ws', message: 'only pure packages (zod)' },
    { file: 'src-shared/model/example.ts', module: 'electron', message: 'only pure packages (zod)' },
    { file: 'src-renderer/src/example.tsx', module: 'electron', message: 'only browser packages' },
    { file: 'src-renderer/src/example.tsx', module: 'ws', message: 'only browser packages' },
    { file: 'src-renderer/src/example.tsx', module: '@aws-sdk/client-ssm', message: 'only browser packages' },
    { file: 'src-main/app/core/example.ts', module: 'electron', message: 'only under src-main/app/electron' },
    {
      file: 'src-main/app/browser/example.ts',
      module: 'electron',
      message: 'only under src-main/app/electron',
    },
    { file: 'src-main/app/launch.ts', module: 'electron', message: 'only under src-main/app/electron' },
    { file: 'src-main/cli/example.ts', module: 'electron', message: 'only under src-main/app/electron' },
    { file: 'src-main/client/example.ts', module: 'electron', message: 'only under src-main/app/electron' },
    {
      file: 'src-main/client/example.ts',
      module: '@lydell/node-pty',
      message: 'node-pty belongs to the faces',
    },
    { file: 'src-main/index.ts', module: '@lydell/node-pty', message: 'node-pty belongs to the faces' },
    {
      file: 'src-main/sessions/example.ts',
      module: '@lydell/node-pty',
      message: 'node-pty belongs to the faces',
    },
    {
      file: 'src-main/sessions/example.ts',
      module: '@aws-sdk/client-kms',
      message: 'the AWS SDK is imported only',
    },
    {
      file: 'src-main/transport/example.ts',
      module: '@smithy/types',
      message: 'the AWS SDK is imported only',
    },
  ];
  for (const { file, module, message } of cases) {
    it(`${file} may not import ${module}`, async () => {
      await expectViolation(file, `import '${module}';\n`, ZONE, message);
      await expectViolation(file, `export const load = () => import('${module}');\n`, ZONE, message);
    });
  }

  const legal: { file: string; module: string }[] = [
    { file: 'src-shared/model/example.ts', module: 'zod' },
    { file: 'src-renderer/src/example.tsx', module: 'react' },
    { file: 'src-renderer/src/example.tsx', module: 'react-dom/client' },
    { file: 'src-renderer/src/example.tsx', module: '@xterm/xterm' },
    { file: 'src-renderer/src/example.tsx', module: '@tanstack/react-virtual' },
    { file: 'src-renderer/src/example.tsx', module: 'zod' },
    { file: 'src-main/app/electron/main.ts', module: 'electron' },
    { file: 'src-main/emulator/agent/example.ts', module: '@lydell/node-pty' },
    { file: 'src-main/transport/example.ts', module: 'ws' },
    { file: 'src-main/aws/example.ts', module: '@aws-sdk/client-ssm' },
  ];
  for (const { file, module } of legal) {
    it(`${file} may import ${module}`, async () => {
      await expectClean(file, `import '${module}';\n`);
    });
  }

  it('app/core and app/browser may not import the Electron shell', async () => {
    for (const file of ['src-main/app/core/example.ts', 'src-main/app/browser/example.ts']) {
      await expectViolation(file, importOf(file, moduleIn('src-main/app/electron')), ZONE, 'Electron-free');
    }
  });
});

describe('Node builtins (import-x/no-nodejs-modules)', () => {
  it('src-main/protocol may use only node:crypto and node:buffer', async () => {
    const file = 'src-main/protocol/example.ts';
    for (const module of ['node:net', 'net', 'node:fs', 'node:child_process', 'node:events', 'node:timers']) {
      await expectViolation(file, `import '${module}';\n`, BUILTIN);
      await expectViolation(file, `export const load = () => import('${module}');\n`, BUILTIN);
    }
    for (const module of ['node:crypto', 'crypto', 'node:buffer', 'buffer']) {
      await expectClean(file, `import '${module}';\n`);
    }
  });

  it('src-shared and src-renderer use no Node builtin at all', async () => {
    for (const file of ['src-shared/contract/example.ts', 'src-renderer/src/example.tsx']) {
      for (const module of ['node:crypto', 'node:path', 'fs']) {
        await expectViolation(file, `import '${module}';\n`, BUILTIN);
      }
    }
  });

  it('other layers may (transport opens sockets; the renderer Vite config runs on Node)', async () => {
    await expectClean('src-main/transport/example.ts', `import 'node:net';\n`);
    await expectClean('src-main/logging/example.ts', `import 'node:fs';\n`);
    await expectClean('src-renderer/vite.config.ts', `import 'node:url';\n`);
  });

  it('src-main/protocol reads no clock or timer of its own (sans-IO)', async () => {
    const file = 'src-main/protocol/example.ts';
    for (const call of [
      'setTimeout(() => undefined, 1);',
      'setInterval(() => undefined, 1);',
      'process.exit(1);',
    ]) {
      await expectViolation(file, `${call}\n`, 'no-restricted-globals', 'sans-IO');
    }
    await expectClean('src-main/transport/example.ts', 'setTimeout(() => undefined, 1);\n');
  });
});

describe('import cycles (import-x/no-cycle resolves ./x.js to x.ts)', () => {
  /** A real module with a value import of a sibling: [importer, imported], both repository paths. */
  function realImport(): [string, string] {
    const folder = 'src-main/protocol';
    for (const name of readdirSync(join(root, folder)).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const text = readFileSync(join(root, folder, name), 'utf8');
      for (const match of text.matchAll(/^import \{([^}]*)\} from '(\.\/[^']+)\.js';$/gm)) {
        const [, names = '', path = ''] = match;
        const valueImport = names.split(',').some((n) => n.trim() && !n.trim().startsWith('type '));
        if (valueImport && !path.includes('/', 2))
          return [`${folder}/${name}`, `${folder}/${path.slice(2)}.ts`];
      }
    }
    throw new Error('no value import between two protocol modules found');
  }

  it('an import back into a module that imports this one is a cycle, static or dynamic', async () => {
    const [importer, imported] = realImport();
    await expectViolation(imported, importOf(imported, importer), 'import-x/no-cycle');
    await expectViolation(
      imported,
      `export const load = () => import('${specifier(imported, importer)}');\n`,
      'import-x/no-cycle',
    );
  });

  it('an import of a module that does not lead back is no cycle', async () => {
    const [, imported] = realImport();
    await expectClean(imported, importOf(imported, 'src-shared/version.ts'));
  });
});

describe('React hooks in the renderer', () => {
  const file = 'src-renderer/src/example.tsx';

  it('a hook called conditionally is an error', async () => {
    const code = [
      "import { useState } from 'react';",
      'export function Example({ on }: { on: boolean }) {',
      '  if (on) {',
      '    const [value] = useState(0);',
      '    return <p>{value}</p>;',
      '  }',
      '  return null;',
      '}',
      '',
    ].join('\n');
    await expectViolation(file, code, 'react-hooks/rules-of-hooks');
  });

  it('a missing effect dependency is an error, not a warning', async () => {
    const code = [
      "import { useEffect } from 'react';",
      'export function Example({ title }: { title: string }) {',
      '  useEffect(() => {',
      '    document.title = title;',
      '  }, []);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    const messages = await lint(file, code);
    expect(messages.find((m) => m.ruleId === 'react-hooks/exhaustive-deps')?.severity).toBe(2);
  });

  it('a correct component lints clean', async () => {
    const code = [
      "import { useEffect } from 'react';",
      'export function Example({ title }: { title: string }) {',
      '  useEffect(() => {',
      '    document.title = title;',
      '  }, [title]);',
      '  return null;',
      '}',
      '',
    ].join('\n');
    await expectClean(file, code);
  });
});

describe('the library entry, transitively', () => {
  /** Every module src-main/index.ts loads, following relative imports (static, dynamic, type). */
  function closure(entry: string): { files: Set<string>; packages: Set<string> } {
    const files = new Set<string>();
    const packages = new Set<string>();
    const pending = [entry];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (files.has(file)) continue;
      files.add(file);
      const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
      for (const { fileName } of importedFiles) {
        if (!fileName.startsWith('.')) {
          packages.add(fileName);
          continue;
        }
        const base = join(dirname(file), fileName).replace(/\.js$/, '');
        const next = [`${base}.ts`, `${base}/index.ts`].find((candidate) => {
          try {
            return statSync(join(root, candidate)).isFile();
          } catch {
            return false;
          }
        });
        if (next) pending.push(next);
      }
    }
    return { files, packages };
  }

  it('src-main/index.ts never reaches the emulator, a face, node-pty or electron', () => {
    const { files, packages } = closure('src-main/index.ts');
    expect(files.size).toBeGreaterThan(10); // the walk really followed imports
    const faces = /^src-main\/(emulator|cli|plugin|app|terminal)\//;
    expect([...files].filter((f) => faces.test(f))).toEqual([]);
    expect([...packages].filter((p) => /^(@lydell\/node-pty|electron)(\/|$)/.test(p))).toEqual([]);
  });
});
