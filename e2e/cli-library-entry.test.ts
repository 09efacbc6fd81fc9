import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/aws-cli.js';

const run = promisify(execFile);

/** Runs an ES module snippet with `cwd` as the package, so `ssm-desk` resolves through its exports. */
async function inPackage(cwd: string, code: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd });
  return stdout.trim();
}

// Issue 9 §0: the library entry (`ssm-desk`) must not load the emulator or node-pty; the emulator is
// `ssm-desk/emulator`. Proved by installing the built package without them: the library still loads
// and works, and only the emulator entry is missing.
describe('the package entry points', () => {
  let bare: string;
  beforeAll(async () => {
    bare = mkdtempSync(join(tmpdir(), 'ssm-desk-entry-'));
    writeFileSync(join(bare, 'package.json'), await readFile(join(REPO_ROOT, 'package.json')));
    for (const part of ['src-main', 'src-shared']) {
      cpSync(join(REPO_ROOT, 'dist', part), join(bare, 'dist', part), {
        recursive: true,
        filter: (source) => !/[/\\]dist[/\\]src-main[/\\](emulator|app)([/\\]|$)/.test(source),
      });
    }
    // Every dependency but node-pty and Electron.
    mkdirSync(join(bare, 'node_modules', '@lydell'), { recursive: true });
    const modules = join(REPO_ROOT, 'node_modules');
    for (const name of readdirSync(modules)) {
      if (name === '@lydell' || name === 'electron' || name === '.bin') continue;
      symlinkSync(join(modules, name), join(bare, 'node_modules', name));
    }
  });
  afterAll(() => {
    if (bare) rmSync(bare, { recursive: true, force: true });
  });

  it('ssm-desk loads and runs without the emulator and node-pty installed', async () => {
    const out = await inPackage(
      bare,
      `const lib = await import('ssm-desk');
       const info = lib.toErrorInfo(new lib.AwsError('sso-expired', 'the SSO token of profile dev is missing or has expired'));
       console.log(JSON.stringify({ info, startShell: typeof lib.startShell, startSocksProxy: typeof lib.startSocksProxy, emulator: 'Emulator' in lib }));`,
    );
    expect(JSON.parse(out)).toEqual({
      info: { code: 'sso-expired', message: 'the SSO token of profile dev is missing or has expired' },
      startShell: 'function',
      startSocksProxy: 'function',
      emulator: false,
    });
    await expect(inPackage(bare, `await import('ssm-desk/emulator');`)).rejects.toThrow(
      /ERR_MODULE_NOT_FOUND/,
    );
  });

  it('ssm-desk/emulator is the emulator entry of the full package', async () => {
    const out = await inPackage(
      REPO_ROOT,
      `const { Emulator, defaultEmulatorConfig } = await import('ssm-desk/emulator');
       console.log(typeof Emulator.start, defaultEmulatorConfig().instances.length > 0);`,
    );
    expect(out).toBe('function true');
  });
});
