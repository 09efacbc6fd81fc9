#!/usr/bin/env node
// Bundles the npm package's two commands into dist/bin (part of `npm run build:main`, after tsc), so a
// global install runs a few files of ours instead of hundreds of modules in node_modules. The library
// entries (`ssm-desk`, `ssm-desk/emulator`) stay tsc's output, with their declarations. Why each choice
// was made, with the numbers: docs/packaging.md, "The npm package".
//
//   dist/bin/ssm-desk.mjs                the CLI, an ES module with code splitting: every dynamic
//   dist/bin/lib/*.mjs                   import() of the sources (a command, the engine, an AWS SDK
//                                        client) is a chunk of lib/, loaded when first used
//   dist/bin/session-manager-plugin.cjs  the plugin and the whole engine in one CommonJS file: one
//                                        file to read, and no ES module loader in the process
//   dist/bin/lib/plugin-aws.mjs          what a plugin session may need of AWS (plugin-aws.ts: shared
//                                        config, credentials, SSM, KMS), imported on first use; its
//                                        SDK chunks are the CLI's
//
// Every package is bundled except @lydell/node-pty (a native addon, used only by `ssm-desk emulator`).
// No source maps are written: the package ships none, and the code is not minified, so stack traces
// stay readable.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const outdir = join(root, 'dist', 'bin');

/** What every build shares. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The ES module builds of the AWS SDK and Smithy packages (dist-es), not their CommonJS ones: a
  // CommonJS module behind a dynamic import() would lose its named exports in a split build.
  mainFields: ['module', 'main'],
  external: ['@lydell/node-pty'],
  legalComments: 'none',
  logLevel: 'warning',
};

/** ES module output that may hold CommonJS packages, whose require() of Node's modules needs this. */
const esm = {
  format: 'esm',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  banner: {
    js: "import { createRequire as __ssmDeskCreateRequire } from 'node:module'; const require = __ssmDeskCreateRequire(import.meta.url);",
  },
};

rmSync(outdir, { recursive: true, force: true });

await build({
  ...common,
  ...esm,
  entryPoints: {
    'ssm-desk': join(root, 'src-main/cli/main.ts'),
    'lib/plugin-aws': join(root, 'src-main/plugin/plugin-aws.ts'),
  },
  outdir,
  chunkNames: 'lib/[name]-[hash]',
});

await build({
  ...common,
  format: 'cjs',
  entryPoints: [join(root, 'src-main/plugin/main.ts')],
  outfile: join(outdir, 'session-manager-plugin.cjs'),
  // The websocket client alone: the package's index also loads its server, stream wrapper and more.
  alias: { ws: join(root, 'node_modules/ws/lib/websocket.js') },
  plugins: [
    {
      name: 'plugin-aws-apart',
      setup(build) {
        // Left as a dynamic import() of the ES module build above.
        build.onResolve({ filter: /^\.\/plugin-aws\.js$/ }, () => ({
          path: './lib/plugin-aws.mjs',
          external: true,
        }));
      },
    },
  ],
});

chmodSync(join(outdir, 'ssm-desk.mjs'), 0o755);
chmodSync(join(outdir, 'session-manager-plugin.cjs'), 0o755);
