#!/usr/bin/env node
// postinstall: fetch the Electron binary, without ever failing the install.
//
// Electron's own install script is denied in package.json ("allowScripts": {"electron": false})
// because on a machine without internet it fails the whole `npm ci`. Here we run that same script
// ourselves: with internet the binary is downloaded as usual; without it we print one line and
// succeed, and `npm start` serves the app in a browser instead (src-main/app/launch.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // electron is a dev dependency; a production install has no desktop shell to fetch
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  cwd: electronDir,
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 180_000,
  encoding: 'utf8',
});
if (result.status !== 0) {
  const firstLine =
    (result.stderr || result.error?.message || 'timed out').split('\n').find((l) => l.trim()) ?? '';
  console.log(
    `ssm-desk: the Electron binary could not be downloaded (${firstLine.trim().slice(0, 120)}); ` +
      '`npm start` will serve the app in your browser instead.',
  );
}
process.exit(0);
