import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsContext } from '../aws/aws-context.js';
import { Emulator } from '../emulator/index.js';
import { callerIdentity } from './caller-identity.js';

const EXPIRATION = '2099-01-02T03:04:05Z';

describe('callerIdentity against the emulator', () => {
  let emulator: Emulator;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let savedImds: string | undefined;
  beforeAll(async () => {
    emulator = await Emulator.start();
    home = mkdtempSync(join(tmpdir(), 'ssm-desk-identity-'));
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    const processScript = join(home, 'creds.sh');
    writeFileSync(
      processScript,
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIAIDENTITYPROC0001","SecretAccessKey":"s","SessionToken":"t","Expiration":"${EXPIRATION}"}'\n`,
    );
    chmodSync(processScript, 0o755);
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile temporary]',
        `credential_process = ${processScript}`,
        '[profile sso-old]',
        'sso_session = old',
        'sso_account_id = 123456789012',
        'sso_role_name = ReadOnly',
        '[sso-session old]',
        'sso_start_url = https://old.awsapps.com/start',
        'sso_region = us-east-1',
        '[profile nothing]',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    // A token that expired an hour ago, where the AWS CLI keeps it.
    writeFileSync(
      join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('old').digest('hex')}.json`),
      JSON.stringify({
        startUrl: 'https://old.awsapps.com/start',
        region: 'us-east-1',
        accessToken: 'old-token',
        expiresAt: new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      }),
    );
    env = { HOME: home, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', PATH: process.env.PATH };
    // The SDK's own chain reads instance metadata settings from process.env (docs/library.md).
    savedImds = process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterAll(async () => {
    if (savedImds === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
    else process.env.AWS_EC2_METADATA_DISABLED = savedImds;
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const context = (options: Parameters<typeof AwsContext.create>[0]): Promise<AwsContext> =>
    AwsContext.create({ endpointUrl: emulator.endpoint, ...options });

  it('long-term keys: account, ARN and user id, no expiry', async () => {
    const aws = await context({
      env: { AWS_ACCESS_KEY_ID: 'AKIAIDENTITYSTATIC01', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' },
    });
    const identity = await callerIdentity(aws);
    expect(identity).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/demo',
      userId: expect.stringMatching(/^AIDA[A-Z0-9]+$/),
    });
  });

  it('temporary credentials: their expiry', async () => {
    const identity = await callerIdentity(await context({ profile: 'temporary', env }));
    expect(identity.expiresAt).toEqual(new Date(EXPIRATION));
    expect(identity.account).toBe('123456789012');
  });

  it('an expired SSO token is sso-expired, no credentials is credentials-missing, each naming the profile', async () => {
    await expect(callerIdentity(await context({ profile: 'sso-old', env }))).rejects.toMatchObject({
      code: 'sso-expired',
      profile: 'sso-old',
    });
    await expect(callerIdentity(await context({ profile: 'nothing', env }))).rejects.toMatchObject({
      code: 'credentials-missing',
      profile: 'nothing',
    });
  });

  it('an aborted call rejects with aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const aws = await context({
      env: { AWS_ACCESS_KEY_ID: 'AKIAIDENTITYSTATIC01', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' },
    });
    await expect(callerIdentity(aws, { signal: controller.signal })).rejects.toMatchObject({
      code: 'aborted',
    });
  });
});
