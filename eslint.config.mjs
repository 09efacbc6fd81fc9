// Lint rules, including the architecture: which layer may import which (docs/architecture.md).
//
// The layer rules are path-resolving zones (import-x/no-restricted-paths): every import, static or
// dynamic (`import()`), re-export or `require`, is resolved by the TypeScript resolver to a file
// (`./x.js` → x.ts, `ws` → node_modules/@types/ws/…) and that file's folder decides. Patterns over the
// import's text, which this file used before, missed `../../` paths and every `import()`.
// .ci/lint-rules.test.ts feeds each rule a violating snippet and proves that it fires.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = import.meta.dirname;

// Tests and the Node build configs beside the renderer are not part of the layer they sit in: a test
// may start the emulator as a fixture, a Vite config runs on Node. They are exempt from layer rules.
const notLayerCode = ['**/*.test.ts', '**/*.test.tsx', '**/__fixtures__/**', 'src-renderer/*.config.ts'];

const library = [
  'src-shared',
  'src-main/protocol',
  'src-main/transport',
  'src-main/sessions',
  'src-main/aws',
  'src-main/logging',
  'src-main/client',
];
const belowFaces = [...library, 'src-main/index.ts', 'src-main/terminal'];

/**
 * Each layer (a folder, or the library's entry file) and what it may import besides itself. Anything
 * in src-shared, src-main, src-renderer, e2e or bench that is not listed is forbidden, so a new folder
 * is importable by nobody until it is placed here (the lint test also checks that every folder is).
 */
export const layers = {
  'src-shared': {
    may: [],
    why: 'src-shared is imported by the engine and the renderer alike, so it imports nothing but itself',
  },
  'src-main/protocol': {
    may: ['src-shared'],
    why: 'src-main/protocol is pure (sans-IO): it imports only src-shared and itself',
  },
  'src-main/transport': { may: library.slice(0, 2), why: 'transport sits on protocol only' },
  'src-main/sessions': { may: library.slice(0, 3), why: 'sessions sit on transport and protocol' },
  'src-main/aws': { may: library.slice(0, 4), why: 'the AWS adapters sit on sessions and below' },
  'src-main/logging': { may: ['src-shared'], why: 'logging is used by every face and the client' },
  'src-main/client': { may: library, why: 'the client library knows no face' },
  'src-main/index.ts': {
    may: library,
    why: 'the library entry must not load a face, the emulator (own entry) or node-pty',
  },
  'src-main/terminal': {
    may: ['src-shared', 'src-main/protocol', 'src-main/sessions', 'src-main/logging'],
    why: 'the process TTY is a TerminalIO for the CLI faces; it knows no client or face',
  },
  'src-main/plugin': { may: belowFaces, why: 'faces do not import each other' },
  'src-main/cli': {
    may: [...belowFaces, 'src-main/emulator'],
    why: 'faces do not import each other (the CLI launches the emulator)',
  },
  'src-main/app': {
    may: [...belowFaces, 'src-main/cli', 'src-main/plugin', 'src-main/emulator'],
    why: 'the app embeds the CLI, the plugin and the emulator; it never imports the renderer (IPC only)',
  },
  'src-main/emulator': {
    may: ['src-shared', 'src-main/logging', 'src-main/protocol/codec'],
    why:
      'the emulator shares only the codec (src-main/protocol/codec) with the client: its agent side is ' +
      'written separately, so a client bug cannot hide on both ends of a test',
  },
  'src-renderer': {
    may: ['src-shared'],
    why: 'the renderer imports only src-shared and talks to the main process through the IPC contract',
  },
};

// Every unit an import can land in: the layers, whatever else is in src-main, and the test trees.
const srcMainEntries = readdirSync(join(root, 'src-main'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() || /\.(ts|tsx|mts)$/.test(entry.name))
  .map((entry) => `src-main/${entry.name}`);
const units = [...new Set([...Object.keys(layers), ...srcMainEntries, 'e2e', 'bench'])];

const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** Zones that forbid `target` every unit it may not import (its own allowed sub-folders excepted). */
function layerZones(target, { may, why }) {
  const zones = [];
  const plain = [];
  for (const unit of units) {
    if (unit === target || inside(target, unit) || may.includes(unit)) continue;
    const allowedInside = may.filter((m) => inside(m, unit)).map((m) => m.slice(unit.length + 1));
    if (allowedInside.length) zones.push({ target, from: unit, except: allowedInside, message: `${why}.` });
    else plain.push(unit);
  }
  if (plain.length) zones.unshift({ target, from: plain, message: `${why}.` });
  return zones;
}

/** A package as the resolver finds it: its own folder, or its DefinitelyTyped folder. */
const pkg = (name) => [
  `node_modules/${name}`,
  `node_modules/@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`,
];

const rendererPackages = [
  'react',
  'react-dom',
  'scheduler',
  '@xterm',
  '@tanstack',
  'zod',
  // React's own type packages: the resolver lands on these for `react` and `react-dom`.
  '@types/react',
  '@types/react-dom',
];

const packageZones = [
  // Allow-lists: no package at all in protocol/, zod only in src-shared, browser packages only in
  // the renderer. Type packages count: a type from `ws` in the renderer is still a Node dependency.
  {
    target: 'src-main/protocol',
    from: 'node_modules',
    message: 'src-main/protocol is pure (sans-IO): it imports no package.',
  },
  {
    target: 'src-shared',
    from: 'node_modules',
    except: ['zod'],
    message: 'src-shared may import only pure packages (zod): the renderer and the engine share it.',
  },
  {
    target: 'src-renderer',
    from: 'node_modules',
    except: rendererPackages,
    message:
      'the renderer imports only browser packages (react, react-dom, @xterm/*, @tanstack/*, zod); ' +
      'to add one, list it in rendererPackages in eslint.config.mjs.',
  },
  // Electron only in the thin shell: app/core and app/browser must run without it (browser mode, tests).
  {
    target: [
      ...units.filter((u) => u.startsWith('src-main/') && !inside(u, 'src-main/app')),
      'src-main/app/*',
      'src-main/app/!(electron)/**',
    ],
    from: pkg('electron'),
    message: 'electron may be imported only under src-main/app/electron (the thin shell).',
  },
  {
    target: ['src-main/app/core', 'src-main/app/browser'],
    from: 'src-main/app/electron',
    message: 'app/core and app/browser are Electron-free: they must not import the Electron shell.',
  },
  // node-pty is a native module only the emulator's simulated agent needs: the library stays loadable
  // without it, and the engine's layers never spawn terminals.
  {
    target: [...library.slice(2), 'src-main/index.ts', 'src-main/terminal'],
    from: pkg('@lydell/node-pty'),
    message: 'node-pty belongs to the faces (the emulator): the library and the engine never load it.',
  },
  // The AWS SDK lives in aws/ (and for now in client/ and the faces); the layers below it are SDK-free.
  {
    target: ['src-main/transport', 'src-main/sessions', 'src-main/logging', 'src-main/terminal'],
    from: ['node_modules/@aws-sdk', 'node_modules/@smithy'],
    message: 'the AWS SDK is imported only from src-main/aws upwards.',
  },
];

export const zones = [
  ...Object.entries(layers).flatMap(([target, layer]) => layerZones(target, layer)),
  ...packageZones,
];

// Node builtins src-main/protocol may use: hashing and AES-GCM (node:crypto) and Buffer.
export const protocolBuiltins = ['node:crypto', 'node:buffer'];

export default tseslint.config(
  {
    // .scratch/ holds untracked experiments (git-ignored).
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'release/**',
      'src-renderer/dist/**',
      '.scratch/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: {
      // Without these, import-x treats every .ts file as unparseable and no-cycle silently stops at the
      // first import (which is how it never fired before).
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      // Maps `./x.js` to x.ts and packages to their typings, as tsc does: without it neither zones nor
      // no-cycle can follow an import.
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
          project: [join(root, 'tsconfig.json'), join(root, 'src-renderer/tsconfig.json')],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Also forbids `import('x').T` in type positions, which the zones could not see.
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['src-shared/**', 'src-main/**', 'src-renderer/**'],
    ignores: notLayerCode,
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones }] },
  },
  {
    files: ['src-shared/**', 'src-renderer/**'],
    ignores: notLayerCode,
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },
  {
    files: ['src-main/protocol/**'],
    ignores: notLayerCode,
    rules: {
      'import-x/no-nodejs-modules': [
        'error',
        { allow: [...protocolBuiltins, ...protocolBuiltins.map((m) => m.slice('node:'.length))] },
      ],
      // Sans-IO: time and I/O come from the caller (clock ticks, a write callback), never from Node.
      'no-restricted-globals': [
        'error',
        ...['process', 'setTimeout', 'setInterval', 'setImmediate', 'fetch', 'WebSocket', 'require'].map(
          (name) => ({
            name,
            message: 'src-main/protocol is pure (sans-IO): the caller feeds it time and I/O.',
          }),
        ),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    ignores: ['src-renderer/*.config.ts'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A warning nobody reads is no rule: missing effect dependencies are stale-closure bugs.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
