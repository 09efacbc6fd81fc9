import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const PLUGIN_MAIN = join(REPO_ROOT, 'dist', 'src-main', 'plugin', 'main.js');

export interface AwsCli {
  /** 'v1' (the machine's Python, env-var form) or 'v2' (Debian's awscli, JSON on argv). */
  label: 'v1' | 'v2';
  path: string;
  version: string;
}

/**
 * The two real AWS CLIs these machines have: v1 that ships with the image's Python, and v2 from
 * Debian's `awscli` package (/usr/bin/aws). Finding neither is a test failure, not a skip.
 */
export function findAwsClis(): AwsCli[] {
  const candidates = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'aws'))) candidates.add(join(dir, 'aws'));
  }
  candidates.add('/usr/bin/aws');
  const found = new Map<'v1' | 'v2', AwsCli>();
  for (const path of candidates) {
    let version: string;
    try {
      version = execFileSync(path, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    } catch {
      continue;
    }
    const label = /^aws-cli\/1\./.test(version) ? 'v1' : /^aws-cli\/2\./.test(version) ? 'v2' : undefined;
    if (label && !found.has(label)) found.set(label, { label, path, version });
  }
  return [...found.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * An isolated environment for running an AWS CLI against the emulator with our plugin first on PATH:
 * temporary HOME and config files, dummy credentials, no pager, no instance-metadata lookups.
 */
export function awsCliEnvironment(endpoint: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'ssm-desk-home-'));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(PLUGIN_MAIN, join(bin, 'session-manager-plugin'));
  writeFileSync(join(home, 'config'), '[default]\nregion = us-east-1\n');
  writeFileSync(join(home, 'credentials'), '');
  return {
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
    AWS_SECRET_ACCESS_KEY: 'emulator-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_ENDPOINT_URL_KMS: endpoint,
    ...extra,
  };
}
