/**
 * What the app benchmarks stand on: an emulator in a Node process of its own (so its relay, simulated
 * agents and their shells are not counted as the app's memory or CPU), a HOME whose AWS config has
 * profiles pointing at it, the app's settings file, and temporary folders removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, type Settings } from '../../src-shared/model/settings.js';
import { withTimeout } from './stats.js';

/** dist/ once compiled (dist/bench/lib/app-fixture.js). */
export const DIST = fileURLToPath(new URL('../../', import.meta.url));
export const EMULATOR_MAIN = join(DIST, 'src-main', 'emulator', 'main.js');
export const LAUNCH_MAIN = join(DIST, 'src-main', 'app', 'launch.js');

/** The emulator config file's shape, as far as the benchmarks use it (docs/emulator.md). */
export interface EmulatorConfigFile {
  instances?: {
    instanceId: string;
    region: string;
    name?: string;
    tags?: Record<string, string>;
    agentVersion?: string;
  }[];
  generate?: { region: string; count: number; namePrefix?: string; seed?: number }[];
  agentPace?: 'fast' | 'real';
}

/** Temporary folders, all removed by cleanup(). */
export class TempFolders {
  private readonly folders: string[] = [];

  make(prefix: string): string {
    const folder = mkdtempSync(join(tmpdir(), `ssm-desk-bench-${prefix}-`));
    this.folders.push(folder);
    return folder;
  }

  cleanup(): void {
    for (const folder of this.folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}

export interface ExternalEmulator {
  endpoint: string;
  pid: number;
  close(): Promise<void>;
}

/** `node dist/src-main/emulator/main.js --port 0 --config FILE`, as `npm run emulator` runs it. */
export async function startExternalEmulator(
  config: EmulatorConfigFile,
  folders: TempFolders,
): Promise<ExternalEmulator> {
  const file = join(folders.make('emulator'), 'emulator.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [EMULATOR_MAIN, '--port', '0', '--config', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (data: Buffer) => (errors = (errors + data.toString()).slice(-2000)));
  const endpoint = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (data: Buffer) => {
        text += data.toString();
        const line = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(text);
        if (line?.[1]) resolve(line[1]);
      });
      child.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${errors.trim()}`)));
    }),
    30_000,
    'emulator start',
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  child.stdout.resume();
  return { endpoint, pid: child.pid ?? 0, close: () => stopChild(child) };
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await withTimeout(exited, 5_000, 'child exit').catch(() => {
    child.kill('SIGKILL');
    return exited;
  });
}

/**
 * A HOME whose ~/.aws/config has these profiles, each with `endpoint_url` = the emulator and the
 * static keys `demo` (in ~/.aws/credentials), all in `region`.
 */
export function writeAwsHome(home: string, endpoint: string, profiles: string[], region = 'us-east-1'): void {
  const aws = join(home, '.aws');
  mkdirSync(aws, { recursive: true });
  writeFileSync(
    join(aws, 'config'),
    profiles
      .map((p) => `[profile ${p}]\nregion = ${region}\nendpoint_url = ${endpoint}\noutput = json\n`)
      .join('\n'),
  );
  writeFileSync(
    join(aws, 'credentials'),
    profiles.map((p) => `[${p}]\naws_access_key_id = demo\naws_secret_access_key = demo\n`).join('\n'),
  );
}

/** settings.json in the user-data folder (format 2), as the settings view would leave it. */
export function writeSettings(userDataDir: string, patch: Partial<Settings>): void {
  mkdirSync(userDataDir, { recursive: true });
  const data: Settings = { ...structuredClone(DEFAULT_SETTINGS), ...patch };
  writeFileSync(join(userDataDir, 'settings.json'), JSON.stringify({ version: 2, data }));
}

/** The environment of an app process: only what it needs, HOME as given (no AWS variables). */
export function appEnvironment(home: string): NodeJS.ProcessEnv {
  return {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  };
}
