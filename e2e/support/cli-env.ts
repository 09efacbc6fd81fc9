import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './aws-cli.js';
import { BackgroundCommand } from './port-tools.js';

export const CLI_MAIN = join(REPO_ROOT, 'dist', 'src-main', 'cli', 'main.js');

/** Secret values the profiles use; test f greps the log for them. */
export const SECRETS = {
  staticSecretKey: 'e2eStaticSecretKey0000000000000000000000',
  processSecretKey: 'e2eProcessSecretKey000000000000000000000',
  processSessionToken: 'e2eProcessSessionTokenValue-0123456789',
  ssoAccessToken: 'e2eSsoAccessToken-abcdef0123456789',
  envSecretKey: 'e2eEnvSecretKey-0000000000000000000000000',
} as const;

export interface CliHome {
  home: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
}

function ssoCacheFile(home: string, key: string, token: string, expiresAt: Date): void {
  // The AWS CLI names the cache file after the SHA-1 of the sso-session name (or of the start URL).
  const name = createHash('sha1').update(key).digest('hex');
  const dir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    JSON.stringify({
      startUrl: 'https://e2e.awsapps.com/start',
      region: 'us-east-1',
      accessToken: token,
      expiresAt: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    }),
  );
}

/**
 * A temporary HOME with ~/.aws/config and credentials holding every kind of profile the tests use:
 * static keys, assume-role with source_profile, credential_process, SSO with a cached token, and SSO
 * with an expired token. The env has no AWS credentials of its own (except when `withEnvKeys`).
 */
export function cliHome(endpoint: string, options: { withEnvKeys?: boolean } = {}): CliHome {
  const home = mkdtempSync(join(tmpdir(), 'ssm-desk-cli-home-'));
  const aws = join(home, '.aws');
  mkdirSync(aws, { recursive: true });
  const processScript = join(home, 'credential-process.sh');
  writeFileSync(
    processScript,
    `#!/bin/sh\nprintf '%s\\n' '${JSON.stringify({
      Version: 1,
      AccessKeyId: 'AKIAE2EPROCESS000001',
      SecretAccessKey: SECRETS.processSecretKey,
      SessionToken: SECRETS.processSessionToken,
    })}'\n`,
  );
  chmodSync(processScript, 0o755);
  writeFileSync(
    join(aws, 'credentials'),
    `[static]\naws_access_key_id = AKIAE2ESTATIC0000001\naws_secret_access_key = ${SECRETS.staticSecretKey}\n`,
  );
  writeFileSync(
    join(aws, 'config'),
    [
      '[profile static]',
      'region = us-east-1',
      '[profile assumer]',
      'role_arn = arn:aws:iam::123456789012:role/E2EAdmin',
      'source_profile = static',
      'region = us-east-1',
      '[profile proc]',
      `credential_process = ${processScript}`,
      'region = us-east-1',
      '[profile sso]',
      'sso_session = e2e',
      'sso_account_id = 123456789012',
      'sso_role_name = E2EReadOnly',
      'region = us-east-1',
      '[profile sso-expired]',
      'sso_session = e2e-expired',
      'sso_account_id = 123456789012',
      'sso_role_name = E2EReadOnly',
      'region = us-east-1',
      '[sso-session e2e]',
      'sso_start_url = https://e2e.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '[sso-session e2e-expired]',
      'sso_start_url = https://e2e-expired.awsapps.com/start',
      'sso_region = us-east-1',
      'sso_registration_scopes = sso:account:access',
      '',
    ].join('\n'),
  );
  ssoCacheFile(home, 'e2e', SECRETS.ssoAccessToken, new Date(Date.now() + 3600_000));
  ssoCacheFile(home, 'e2e-expired', 'e2eExpiredSsoToken-0000', new Date(Date.now() - 3600_000));
  const logDir = join(home, '.local', 'state', 'ssm-desk', 'logs');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    AWS_CONFIG_FILE: join(aws, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: endpoint,
    AWS_ENDPOINT_URL_SSO: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    ...(options.withEnvKeys
      ? { AWS_ACCESS_KEY_ID: 'AKIAE2EENV0000000001', AWS_SECRET_ACCESS_KEY: SECRETS.envSecretKey }
      : {}),
  };
  return { home, logDir, env };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a real process, stdin a pipe kept open until it exits (or `input`, then EOF). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * `ssm-desk forward <target> <args…>` against the emulator at `endpoint`, left running in the
 * background (Ctrl-C it with `interrupt()`). `args` holds the -L/-D specs and any --region/--profile.
 */
export function startForward(
  endpoint: string,
  env: NodeJS.ProcessEnv,
  target: string,
  args: string[],
): BackgroundCommand {
  return new BackgroundCommand(
    process.execPath,
    [CLI_MAIN, 'forward', target, '--endpoint-url', endpoint, ...args],
    env,
  );
}
