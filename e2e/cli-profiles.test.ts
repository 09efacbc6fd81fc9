import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';

// Issue 4 §a: each kind of profile lists instances through the built CLI, or fails with one clear line.
describe('ssm-desk ls with each kind of AWS profile', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  const ls = (profile: string) =>
    runCli(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', profile, '--json', '--log-level', 'debug'],
      home.env,
    );

  for (const profile of ['static', 'assumer', 'proc', 'sso']) {
    it(`${profile}: lists the us-east-1 instances`, async () => {
      const result = await ls(profile);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/); // never a stack trace
      expect(result.code, result.stderr).toBe(0);
      const records = JSON.parse(result.stdout) as Array<{
        instanceId: string;
        name?: string;
        profile?: string;
      }>;
      expect(records.map((r) => r.name).sort()).toEqual([
        'bastion',
        'batch-worker',
        'db-primary',
        'web-1',
        'web-2',
      ]);
      expect(records.every((r) => r.profile === profile)).toBe(true);
    });
  }

  it('the assume-role profile really assumed the role (the session owner is the role)', async () => {
    const result = await runCli(
      ['exec', 'web-1', '--endpoint-url', emulator.endpoint, '--profile', 'assumer', '--', 'true'],
      home.env,
    );
    expect(result.code, result.stderr).toBe(0);
    const owners = emulator.sessions.list().map((s) => s.owner);
    expect(owners.some((o) => o.includes('assumed-role/E2EAdmin/'))).toBe(true);
  });

  it('an expired SSO token says to run ssm-desk login, in one line, exit 1', async () => {
    const result = await runCli(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', 'sso-expired'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'run "ssm-desk login --profile sso-expired" or "aws sso login --profile sso-expired"',
    );
    expect(
      result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('ssm-desk:')),
    ).toHaveLength(1);
  });

  it('an unknown profile is one clear line, not a stack trace', async () => {
    const result = await ls('nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^ssm-desk: .*nope/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

/** A local HTTP server answering `routes` (path → body), counting the requests it served. */
async function credentialServer(
  routes: Record<string, string | ((method: string) => string)>,
): Promise<{ url: string; hits: string[]; close(): void }> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    hits.push(`${request.method ?? ''} ${request.url ?? ''}`);
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(typeof route === 'function' ? route(request.method ?? '') : route);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => server.close(),
  };
}

const ROLE_CREDENTIALS = JSON.stringify({
  Code: 'Success',
  AccessKeyId: 'AKIAREMOTECREDS00001',
  SecretAccessKey: 'remote-secret-key',
  Token: 'remote-session-token',
  Expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
});

// Issue 4 §1: the last links of the SDK chain, container and instance metadata, against local servers
// standing in for the ECS agent and IMDS (both are plain HTTP services on link-local addresses in AWS).
describe('credentials from container and instance metadata', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  const ls = (env: NodeJS.ProcessEnv) =>
    runCli(['ls', '--endpoint-url', emulator.endpoint, '--region', 'us-east-1', '--json'], env);

  it('AWS_CONTAINER_CREDENTIALS_FULL_URI: the container endpoint is asked and its credentials work', async () => {
    const container = await credentialServer({ '/creds': ROLE_CREDENTIALS });
    try {
      const result = await ls({ ...home.env, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.url}/creds` });
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as unknown[]).length).toBeGreaterThan(0);
      expect(container.hits).toContain('GET /creds');
      expect(result.stdout + result.stderr).not.toContain('remote-secret-key');
    } finally {
      container.close();
    }
  });

  it('instance metadata (IMDSv2): token, role name, then the role credentials', async () => {
    const imds = await credentialServer({
      '/latest/api/token': (method) => (method === 'PUT' ? 'imds-session-token' : ''),
      '/latest/meta-data/iam/security-credentials/': 'e2e-instance-role',
      '/latest/meta-data/iam/security-credentials/e2e-instance-role': ROLE_CREDENTIALS,
    });
    try {
      const result = await ls({
        ...home.env,
        AWS_EC2_METADATA_DISABLED: 'false',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
      });
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as unknown[]).length).toBeGreaterThan(0);
      expect(imds.hits).toEqual(
        expect.arrayContaining([
          'PUT /latest/api/token',
          'GET /latest/meta-data/iam/security-credentials/e2e-instance-role',
        ]),
      );
    } finally {
      imds.close();
    }
  });
});

/**
 * Runs the built CLI in a process group of its own (as a shell runs a foreground job), and once its
 * stderr matches `pattern` sends SIGINT to the whole group, as Ctrl-C on a terminal does.
 */
function interruptWhen(
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
): Promise<{ stderr: string; signal: NodeJS.Signals | null; code: number | null; matched: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, detached: true, stdio: 'pipe' });
    let stderr = '';
    let matched = false;
    child.stderr.on('data', (data: Buffer) => {
      stderr += data.toString();
      if (!matched && pattern.test(stderr) && child.pid !== undefined) {
        matched = true;
        process.kill(-child.pid, 'SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stderr, signal, code, matched }));
  });
}

// Issue 8 §4: each broken credential source is one line that names the profile and the cause, and a
// step that waits says what it waits for; Ctrl-C ends it.
describe('credential errors that name the cause, through the CLI', () => {
  let emulator: Emulator;
  let home: CliHome;
  let scripts: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
    scripts = mkdtempSync(join(tmpdir(), 'ssm-desk-credential-scripts-'));
    const script = (name: string, body: string): string => {
      const path = join(scripts, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    appendFileSync(
      home.env.AWS_CONFIG_FILE as string,
      [
        '[profile loop-a]',
        'role_arn = arn:aws:iam::123456789012:role/A',
        'source_profile = loop-b',
        'region = us-east-1',
        '[profile loop-b]',
        'role_arn = arn:aws:iam::123456789012:role/B',
        'source_profile = loop-a',
        '[profile self]',
        'role_arn = arn:aws:iam::123456789012:role/Self',
        'source_profile = self',
        'region = us-east-1',
        '[profile proc-exit]',
        `credential_process = ${script('exit3.sh', 'echo "token helper: vault is sealed" >&2; echo second >&2; exit 3')}`,
        'region = us-east-1',
        '[profile proc-garbage]',
        `credential_process = ${script('garbage.sh', 'echo "not json at all"')}`,
        'region = us-east-1',
        '[profile proc-missing]',
        `credential_process = ${join(scripts, 'gone.sh')} --json`,
        'region = us-east-1',
        '[profile proc-hang]',
        `credential_process = ${script('hang.sh', 'exec sleep 600')}`,
        'region = us-east-1',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await emulator?.close();
    if (scripts) rmSync(scripts, { recursive: true, force: true });
  });

  const ls = (profile: string) =>
    runCli(['ls', '--endpoint-url', emulator.endpoint, '--profile', profile], home.env);

  const cases: Array<[profile: string, line: string | RegExp]> = [
    [
      'loop-a',
      'ssm-desk: us-east-1 (profile loop-a): profile loop-a: source_profile loop loop-a → loop-b → loop-a',
    ],
    [
      'self',
      'ssm-desk: us-east-1 (profile self): profile self names itself as source_profile and has no keys of its own',
    ],
    [
      'proc-exit',
      /^ssm-desk: us-east-1 \(profile proc-exit\): profile proc-exit: credential_process \/\S+\/exit3\.sh exited with status 3: token helper: vault is sealed$/,
    ],
    [
      'proc-garbage',
      'ssm-desk: us-east-1 (profile proc-garbage): profile proc-garbage: credential_process printed something that is not JSON',
    ],
    [
      'proc-missing',
      /^ssm-desk: us-east-1 \(profile proc-missing\): profile proc-missing: credential_process \/\S+\/gone\.sh does not exist$/,
    ],
  ];
  for (const [profile, line] of cases) {
    it(`${profile}: one line naming the profile and the cause, exit 1`, async () => {
      const result = await ls(profile);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      if (typeof line === 'string') expect(lines[0]).toBe(line);
      else expect(lines[0]).toMatch(line);
    });
  }

  it('exec with a broken profile says the same in its one line', async () => {
    const result = await runCli(
      ['exec', 'web-1', '--endpoint-url', emulator.endpoint, '--profile', 'loop-a', '--', 'true'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'ssm-desk: cannot list instances in us-east-1: profile loop-a: source_profile loop loop-a → loop-b → loop-a\n',
    );
  });

  it('a credential_process that does not return: the wait is named, and Ctrl-C ends it', async () => {
    const result = await interruptWhen(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', 'proc-hang'],
      home.env,
      /waiting for credential_process \S+hang\.sh of profile proc-hang to finish; Ctrl-C to stop\n/,
    );
    expect(result.matched, result.stderr).toBe(true);
    expect(result.signal ?? result.code).toMatch(/SIGINT|130/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a config file that blocks (a pipe nobody writes to): the wait is named, and Ctrl-C ends it', async () => {
    const fifo = join(scripts, 'config-fifo');
    execFileSync('mkfifo', [fifo]);
    const result = await interruptWhen(
      ['ls', '--endpoint-url', emulator.endpoint, '--region', 'us-east-1'],
      { ...home.env, AWS_CONFIG_FILE: fifo },
      /still reading the AWS config file \S+config-fifo .*Ctrl-C to stop\n/,
    );
    expect(result.matched, result.stderr).toBe(true);
    expect(result.signal ?? result.code).toMatch(/SIGINT|130/);
  });
});

// Issue 8 §7: what StartSession would refuse is one usage line before any request.
describe('connect flags checked as the service model says', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  for (const [flags, line] of [
    [['--reason', 'first line\nsecond line'], 'ssm-desk: --reason must be one line'],
    [['--reason', 'x'.repeat(257)], 'ssm-desk: --reason must be 1 to 256 characters, got 257'],
    [['--reason', ''], 'ssm-desk: --reason needs a non-empty value'],
    [
      ['--document-name', 'My Document'],
      'ssm-desk: --document-name "My Document" is not a document name or ARN (3 to 128 of a-z, A-Z, 0-9, _ - . : /)',
    ],
    [['--parameters', '{"command":[""]}'], 'ssm-desk: --parameters: command has an empty value'],
  ] as const) {
    it(`${JSON.stringify(flags).slice(0, 60)}: exit 2, one line, no session`, async () => {
      const result = await runCli(
        ['connect', 'web-1', '--endpoint-url', emulator.endpoint, '--profile', 'static', ...flags],
        home.env,
      );
      expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
      expect(emulator.sessions.list()).toEqual([]);
    });
  }
});
