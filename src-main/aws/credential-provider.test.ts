import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator/index.js';
import { AwsContext } from './aws-context.js';
import { AwsError } from './aws-error.js';
import type { AwsWait } from './aws-wait.js';
import { profileChain } from './profile-chain.js';
import { readSharedConfig } from './shared-config.js';

/** What a promise rejects with (or undefined when it resolves). */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const CREDENTIALS_JSON = JSON.stringify({
  Version: 1,
  AccessKeyId: 'AKIAPROCESSTEST00001',
  SecretAccessKey: 'process-test-secret',
});

describe('credentials that name the cause (issue 8 §4)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let emulator: Emulator;
  const script = (name: string, body: string): string => {
    const path = join(home, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  beforeAll(async () => {
    emulator = await Emulator.start();
    home = mkdtempSync(join(tmpdir(), 'ssm-desk-credentials-'));
    mkdirSync(join(home, '.aws'));
    const counter = join(home, 'runs');
    const config = [
      '[profile loop-a]',
      'role_arn = arn:aws:iam::111122223333:role/A',
      'source_profile = loop-b',
      '[profile loop-b]',
      'role_arn = arn:aws:iam::111122223333:role/B',
      'source_profile = loop-a',
      '[profile self]',
      'role_arn = arn:aws:iam::111122223333:role/Self',
      'source_profile = self',
      '[profile self-keyed]',
      'role_arn = arn:aws:iam::111122223333:role/Self',
      'source_profile = self-keyed',
      '[profile orphan]',
      'role_arn = arn:aws:iam::111122223333:role/Orphan',
      'source_profile = nowhere',
      '[profile proc-exit]',
      `credential_process = ${script('exit3.sh', 'echo "vault is sealed" >&2; echo "more detail" >&2; exit 3')}`,
      '[profile proc-garbage]',
      `credential_process = ${script('garbage.sh', 'echo "AccessKeyId=AKIA… not json"')}`,
      '[profile proc-version]',
      `credential_process = ${script('version.sh', `echo '{"Version": 2}'`)}`,
      '[profile proc-missing]',
      `credential_process = ${join(home, 'no-such-helper')} --profile x`,
      '[profile proc-unknown-command]',
      'credential_process = ssm-desk-no-such-command-anywhere',
      '[profile proc-env]',
      `credential_process = ${script('env.sh', `printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"s"}' "$CONTEXT_KEY_ID"`)}`,
      '[profile proc-slow]',
      `credential_process = ${script('slow.sh', `read line < "${join(home, 'gate')}"; echo '${CREDENTIALS_JSON}'`)}`,
      '[profile proc-counted]',
      `credential_process = ${script('counted.sh', `echo run >> "${counter}"; echo '${CREDENTIALS_JSON}'`)}`,
      '[profile role-over-proc]',
      'role_arn = arn:aws:iam::111122223333:role/OverProcess',
      'source_profile = proc-counted',
      '',
    ].join('\n');
    writeFileSync(join(home, '.aws', 'config'), config);
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[self-keyed]\naws_access_key_id = AKIASELFKEYED0000001\naws_secret_access_key = self-secret\n',
    );
    env = { HOME: home, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', PATH: process.env.PATH };
  });
  afterAll(async () => {
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const credentialsOf = async (
    profile: string,
    extra: Partial<Parameters<typeof AwsContext.create>[0]> = {},
  ) => (await AwsContext.create({ profile, env, ...extra })).credentials();

  it('a source_profile loop names its path; a profile naming itself without keys says so', async () => {
    expect(await failure(credentialsOf('loop-a'))).toMatchObject({
      name: 'AwsError',
      code: 'profile-cycle',
      profile: 'loop-a',
      message: 'profile loop-a: source_profile loop loop-a → loop-b → loop-a',
    });
    expect(await failure(credentialsOf('self'))).toMatchObject({
      code: 'profile-cycle',
      message: 'profile self names itself as source_profile and has no keys of its own',
    });
  });

  it('a profile with keys of its own may name itself (the AWS CLI convention): that is no loop', async () => {
    const config = await readSharedConfig(env);
    expect(profileChain('self-keyed', config)).toEqual({
      roles: [{ profile: 'self-keyed', roleArn: 'arn:aws:iam::111122223333:role/Self' }],
      source: { kind: 'static', profile: 'self-keyed' },
    });
  });

  it('a missing source_profile, or a missing profile, is profile-not-found', async () => {
    expect(await failure(credentialsOf('orphan'))).toMatchObject({
      code: 'profile-not-found',
      message: expect.stringMatching(
        /^profile orphan takes its credentials from source_profile nowhere, which is not in /,
      ),
    });
    expect(await failure(AwsContext.create({ profile: 'typo', env }))).toMatchObject({
      code: 'profile-not-found',
      message: expect.stringMatching(/^profile typo is not in /),
    });
  });

  it('credential_process: exit status and the first stderr line, garbage, a missing program', async () => {
    expect(await failure(credentialsOf('proc-exit'))).toMatchObject({
      code: 'credential-process-failed',
      profile: 'proc-exit',
      message: `profile proc-exit: credential_process ${join(home, 'exit3.sh')} exited with status 3: vault is sealed`,
    });
    expect(await failure(credentialsOf('proc-garbage'))).toMatchObject({
      code: 'credential-process-failed',
      message: 'profile proc-garbage: credential_process printed something that is not JSON',
    });
    expect(((await failure(credentialsOf('proc-garbage'))) as Error).message).not.toContain('AKIA');
    expect(await failure(credentialsOf('proc-version'))).toMatchObject({
      message: 'profile proc-version: credential_process did not print "Version": 1',
    });
    expect(await failure(credentialsOf('proc-missing'))).toMatchObject({
      code: 'credential-process-failed',
      message: `profile proc-missing: credential_process ${join(home, 'no-such-helper')} does not exist`,
    });
    expect(await failure(credentialsOf('proc-unknown-command'))).toMatchObject({
      code: 'credential-process-failed',
      message: expect.stringMatching(
        /^profile proc-unknown-command: credential_process ssm-desk-no-such-command-anywhere was not found: .*not found/,
      ),
    });
  });

  it("credential_process runs with the context's env", async () => {
    const context = await AwsContext.create({
      profile: 'proc-env',
      env: { ...env, CONTEXT_KEY_ID: 'AKIAFROMCONTEXTENV01' },
    });
    expect((await context.credentials()).accessKeyId).toBe('AKIAFROMCONTEXTENV01');
  });

  it('a credential_process that does not return is named once the wait notice is due', async () => {
    const gate = join(home, 'gate');
    execFileSync('mkfifo', [gate]);
    const waits: AwsWait[] = [];
    const context = await AwsContext.create({
      profile: 'proc-slow',
      env,
      waitNoticeMs: 50,
      onWaiting: (wait) => {
        waits.push(wait);
        // Only now let the process finish: it was still running when the notice came.
        void open(gate, 'w').then(async (fifo) => {
          await fifo.write('go\n');
          await fifo.close();
        });
      },
    });
    expect((await context.credentials()).accessKeyId).toBe('AKIAPROCESSTEST00001');
    expect(waits).toEqual([
      { step: 'credential-process', profile: 'proc-slow', program: join(home, 'slow.sh') },
    ]);
  });

  it('a role over a credential_process source: the process runs once, STS gets its keys', async () => {
    const context = await AwsContext.create({
      profile: 'role-over-proc',
      env: { ...env, AWS_ENDPOINT_URL_STS: emulator.endpoint },
      endpointUrl: emulator.endpoint,
    });
    // The SDK's inner STS client reads its endpoint from process.env (docs/library.md).
    const saved = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
    try {
      const credentials = await context.credentials();
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      await context.inRegion('eu-west-1').credentials();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
      else process.env.AWS_ENDPOINT_URL_STS = saved;
    }
    expect(readFileSync(join(home, 'runs'), 'utf8')).toBe('run\n');
  });

  it('no region anywhere is no-region', async () => {
    const { AWS_REGION: _dropped, ...withoutRegion } = env;
    expect(await failure(AwsContext.create({ env: withoutRegion }))).toBeInstanceOf(AwsError);
    expect(await failure(AwsContext.create({ env: withoutRegion }))).toMatchObject({ code: 'no-region' });
  });
});
