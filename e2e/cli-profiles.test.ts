import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { cliHome, runCli, type CliHome } from './support/cli-env.js';
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

  it('an expired SSO token says to run aws sso login, in one line, exit 1', async () => {
    const result = await runCli(
      ['ls', '--endpoint-url', emulator.endpoint, '--profile', 'sso-expired'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('run "aws sso login --profile sso-expired"');
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
