#!/usr/bin/env node
// `npm run dist [-- <electron-builder options>]`: builds the desktop packages (electron-builder.yml;
// docs/packaging.md says what each platform needs). With no options: this platform's targets.
//
// electron-builder downloads the Electron runtime from the same place `npm ci` does (Electron's
// release downloads, or ELECTRON_MIRROR). When `npm ci` could not fetch it (node_modules/electron has
// no binary; see fetch-electron.mjs), electron-builder cannot either, and would fail only after its
// own download timeouts with a stack trace: say so in one line instead, and exit 1 (no packages were
// built). Passing --config.electronDist=<folder> (an unpacked Electron) skips that check.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function fail(message) {
  console.error(`ssm-desk dist: ${message}`);
  process.exit(1);
}

/**
 * The Electron binary `npm ci` installed, found as the `electron` package finds it (its path.txt
 * names the binary inside its dist/) without loading Electron.
 */
function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

function run(what, command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`${what} could not start (${result.error.message})`);
  if (result.status !== 0)
    fail(`${what} failed (exit ${result.status ?? result.signal}); see its output above`);
}

const customDist = args.some((arg) => /electronDist(=|$)/.test(arg));
if (!customDist && !electronBinary()) {
  fail(
    'no Electron runtime could be downloaded on this machine (node_modules/electron has no binary), so ' +
      'the desktop packages cannot be built here: run `npm ci && npm run dist` where the internet is ' +
      'reachable (docs/packaging.md)',
  );
}

// A clean build: no output of a deleted module may be packaged.
run('pruning dist/', process.execPath, [join(root, 'src-main/app/scripts/prune-dist.mjs')]);
run('the build', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build']);
const publish = args.some((arg) => arg === '--publish' || arg.startsWith('--publish=') || arg === '-p');
run('electron-builder', process.execPath, [
  require.resolve('electron-builder/cli.js'),
  ...(publish ? [] : ['--publish', 'never']),
  ...args,
]);
