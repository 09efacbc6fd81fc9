/**
 * Issue 9 §1 "Embedded CLI mode": the packaged app ships `ssm-desk` and `session-manager-plugin`
 * launchers (src-main/app/launchers) that run the app's own binary as Node (ELECTRON_RUN_AS_NODE).
 * No Electron binary exists here, so Node stands in for it: the same layout as a Linux install
 * (<install>/ssm-desk, <install>/resources/{app,bin}), with this repository's build as the app.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_VERSION, PRODUCT_VERSION } from '../src-shared/version.js';
import { Emulator } from '../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis, REPO_ROOT } from './support/aws-cli.js';

/** Asynchronous: the emulator answers from this process, so the test must not block its event loop. */
async function run(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { env, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const LAUNCHER = join(REPO_ROOT, 'src-main', 'app', 'launchers', 'ssm-desk');

/** A fake install: Node as the app binary, the repository (with dist/) as resources/app. */
function fakeInstall(): { install: string; bin: string } {
  const install = mkdtempSync(join(tmpdir(), 'ssm-desk-install-'));
  const resources = join(install, 'resources');
  const bin = join(resources, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(process.execPath, join(install, 'ssm-desk'));
  symlinkSync(REPO_ROOT, join(resources, 'app'));
  // electron-builder ships the one script twice, under both names.
  copyFileSync(LAUNCHER, join(bin, 'ssm-desk'));
  copyFileSync(LAUNCHER, join(bin, 'session-manager-plugin'));
  return { install, bin };
}

describe('desktop app launchers (Node standing in for the Electron binary)', () => {
  let layout: { install: string; bin: string };
  let emulator: Emulator;

  beforeAll(async () => {
    layout = fakeInstall();
    emulator = await Emulator.start();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('ssm-desk runs the CLI with the app binary as Node', () => {
    const out = execFileSync(join(layout.bin, 'ssm-desk'), ['--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(`ssm-desk ${PRODUCT_VERSION}`);
  });

  it('session-manager-plugin runs the drop-in plugin', () => {
    const out = execFileSync(join(layout.bin, 'session-manager-plugin'), ['--version'], { encoding: 'utf8' });
    expect(out.trim()).toBe(PLUGIN_VERSION);
  });

  it('works through a symlink elsewhere on PATH and passes the exit status on', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'ssm-desk-path-'));
    symlinkSync(join(layout.bin, 'ssm-desk'), join(elsewhere, 'ssm-desk'));
    const listed = await run(
      join(elsewhere, 'ssm-desk'),
      ['ls', '--endpoint-url', emulator.endpoint, '--region', 'us-east-1', '--json'],
      { ...process.env, AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo' },
    );
    expect(listed.status).toBe(0);
    const names = (JSON.parse(listed.stdout) as Array<{ name?: string }>).map((i) => i.name);
    expect(names).toContain('web-1');
    const bad = await run(join(elsewhere, 'ssm-desk'), ['ls', '--no-such-flag']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ssm-desk: .*no-such-flag/);
  });

  it.each(findAwsClis().map((cli) => [cli.label, cli] as const))(
    'AWS CLI %s runs a session through the launcher as its session-manager-plugin',
    async (_label, cli) => {
      const env = awsCliEnvironment(emulator.endpoint);
      // Only the launcher on PATH ahead of the system: not the repository's own plugin build.
      env.PATH = `${layout.bin}${delimiter}${process.env.PATH ?? ''}`;
      const result = await run(
        cli.path,
        [
          'ssm',
          'start-session',
          '--target',
          'i-0a1b2c3d4e5f60718',
          '--document-name',
          'AWS-StartNonInteractiveCommand',
          '--parameters',
          'command=echo launched-through-the-app',
          '--endpoint-url',
          emulator.endpoint,
        ],
        env,
      );
      expect(result.stdout).toContain('launched-through-the-app');
      expect(result.status).toBe(0);
    },
  );
});
