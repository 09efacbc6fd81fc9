#!/usr/bin/env node
// Builds the Electron preload as one CommonJS file: a sandboxed preload cannot load ES modules or
// other files of ours, only `electron`'s own renderer-side modules. Part of `npm run build:main`.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
await build({
  entryPoints: [join(root, 'src-main/app/electron/preload.ts')],
  outfile: join(root, 'dist/src-main/app/electron/preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
