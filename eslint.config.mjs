// Lint rules, including the architecture: which layer may import which (docs/architecture.md).
// Layers point one way:
//   src-shared  <-  src-main/protocol  <-  src-main/transport  <-  src-main/sessions  <-  faces
// Faces are src-main/{plugin,cli,app,emulator}. The emulator shares only the codec with the client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const nodeBuiltinsForbiddenInProtocol = [
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'dgram',
  'dns',
  'fs',
  'fs/promises',
  'child_process',
  'worker_threads',
  'cluster',
  'readline',
  'tty',
  'process',
  'os',
].flatMap((m) => [m, `node:${m}`]);

const faces = ['plugin', 'cli', 'app', 'emulator'];
const restrict = (groups, message) => ({ group: groups, message });

export default tseslint.config(
  {
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'release/**', 'src-renderer/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: {
      'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['node:*', '**/src-main/**', '**/src-renderer/**', '../src-main/**', '../src-renderer/**'],
              'src-shared imports nothing from Node, the engine or the renderer.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltinsForbiddenInProtocol, 'ws', 'electron'],
          patterns: [
            restrict(
              [
                '../transport/**',
                '../sessions/**',
                '../aws/**',
                ...faces.map((f) => `../${f}/**`),
                '../../*/transport/**',
                '../../*/sessions/**',
              ],
              'src-main/protocol is pure: it imports only src-shared and itself.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/transport/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', '@lydell/node-pty'],
          patterns: [
            restrict(
              ['../sessions/**', ...faces.map((f) => `../${f}/**`)],
              'transport may import protocol and src-shared only.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/sessions/**/*.ts', 'src-main/aws/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', '@lydell/node-pty'],
          patterns: [
            restrict(
              faces.map((f) => `../${f}/**`),
              'the engine knows nothing of its faces (plugin, cli, app, emulator).',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            restrict(
              [
                '**/transport/**',
                '**/sessions/**',
                '**/aws/**',
                '**/plugin/**',
                '**/cli/**',
                '**/app/**',
                '**/protocol/*',
                '!**/protocol/codec',
                '!**/protocol/codec/**',
              ],
              'the emulator shares only the codec (src-main/protocol/codec) with the client: its agent side is written separately.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/plugin/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron'] }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            restrict(
              ['node:*', 'electron', '**/src-main/**', '../src-main/**', '../../src-main/**'],
              'the renderer imports only src-shared and talks through the IPC contract.',
            ),
          ],
        },
      ],
    },
  },
);
