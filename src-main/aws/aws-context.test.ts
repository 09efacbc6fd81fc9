import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { DescribeInstanceInformationCommand, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// The package's public API, as the desktop app and scripts use it.
import { Emulator } from '../emulator/index.js';
import { createAwsContext } from '../index.js';
import { AwsError } from './aws-error.js';

const SERIAL = 'arn:aws:iam::111122223333:mfa/app-user';
const ACCEPTED_CODE = '123456'; // the code the emulator's MFA devices accept (docs/emulator.md)
const ENV_SECRET = 'libEnvSecretKey-000000000000000000000000';

/** process.env as it was; each test restores it, since some of them prove process.env is not read. */
const savedEnv = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

/** A HOME with its own ~/.aws files; `env` points only at them (process.env does not). */
function awsHome(config: string, credentials: string): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'ssm-desk-aws-context-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), config);
  writeFileSync(join(home, '.aws', 'credentials'), credentials);
  return { home, env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true' } };
}

describe('AwsContext with an MFA callback (the desktop app answers it with a dialog)', () => {
  let emulator: Emulator;
  let home: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    emulator = await Emulator.start();
    ({ home, env } = awsHome(
      [
        '[profile base]',
        'region = us-east-1',
        '[profile mfa]',
        'role_arn = arn:aws:iam::111122223333:role/AppMfaAdmin',
        'source_profile = base',
        `mfa_serial = ${SERIAL}`,
        'region = us-east-1',
        '',
      ].join('\n'),
      '[base]\naws_access_key_id = AKIALIBBASE000000001\naws_secret_access_key = libBaseSecret\n',
    ));
  });
  afterAll(async () => {
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  // The SDK's inner STS client takes its endpoint from process.env only (docs/library.md).
  const withStsEndpoint = () => {
    process.env.AWS_ENDPOINT_URL_STS = emulator.endpoint;
  };

  it('asks the callback once, with the serial, and works as the assumed role', async () => {
    withStsEndpoint();
    const asked: string[] = [];
    const aws = await createAwsContext({
      profile: 'mfa',
      endpointUrl: emulator.endpoint,
      env,
      mfaCodeProvider: async (serial) => {
        asked.push(serial);
        return ACCEPTED_CODE;
      },
    });
    expect(aws.mfaSerial).toBe(SERIAL);
    expect(aws.region).toBe('us-east-1'); // from the profile in env's config file
    expect(asked).toEqual([]); // nothing is asked before credentials are needed

    const ssm = await aws.ssm();
    const list = await aws.call(() => ssm.send(new DescribeInstanceInformationCommand({})));
    expect(list.InstanceInformationList?.length).toBeGreaterThan(0);
    const other = aws.inRegion('eu-west-1');
    const ec2 = await other.ec2();
    await other.call(() => ec2.send(new DescribeInstancesCommand({})));
    expect(asked).toEqual([SERIAL]); // one code for both regions

    const started = await aws.call(() =>
      ssm.send(new StartSessionCommand({ Target: 'i-0a1b2c3d4e5f60718' })),
    );
    const owner = emulator.sessions.list().find((s) => s.sessionId === started.SessionId)?.owner;
    expect(owner).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AppMfaAdmin\//);
    expect((await aws.credentials()).accessKeyId).toMatch(/^ASIA/);
  });

  it('a refused code is an AwsError mfa-rejected that says so, in one line', async () => {
    withStsEndpoint();
    const aws = await createAwsContext({ profile: 'mfa', env, mfaCodeProvider: async () => '654321' });
    const error = await aws.credentials().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('mfa-rejected');
    expect((error as Error).message).toBe(
      'the MFA code for profile mfa was not accepted: MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  });

  it('without a callback, or when the dialog is cancelled, the failure is clear', async () => {
    withStsEndpoint();
    const none = await createAwsContext({ profile: 'mfa', env });
    await expect(none.credentials()).rejects.toMatchObject({
      code: 'mfa-required',
      message: `profile mfa needs an MFA code for ${SERIAL}, and nothing was given to ask for it`,
    });
    const cancelled = new Error('the user closed the MFA dialog');
    const aws = await createAwsContext({
      profile: 'mfa',
      env,
      mfaCodeProvider: () => Promise.reject(cancelled),
    });
    await expect(aws.credentials()).rejects.toBe(cancelled);
  });
});

describe('AwsContext `env`: what it covers', () => {
  let emulator: Emulator;
  let home: string;
  let env: NodeJS.ProcessEnv;
  // A port nothing listens on: a request that goes by process.env fails.
  const DEAD = 'http://127.0.0.1:9';
  beforeAll(async () => {
    emulator = await Emulator.start();
    ({ home, env } = awsHome(
      [
        '[profile envtest]',
        'region = eu-west-1',
        'services = envtest-endpoints',
        '[services envtest-endpoints]',
        'ec2 =',
        `  endpoint_url = ${emulator.endpoint}`,
        '[profile other]',
        'region = us-east-1',
        `endpoint_url = ${emulator.endpoint}`,
        '',
      ].join('\n'),
      '[envtest]\naws_access_key_id = AKIALIBFILE000000001\naws_secret_access_key = libFileSecret\n' +
        '[other]\naws_access_key_id = AKIALIBOTHER00000001\naws_secret_access_key = libOtherSecret\n',
    ));
  });
  afterAll(async () => {
    await emulator?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** process.env says something else for every setting `env` covers. */
  const misleadProcessEnv = () => {
    Object.assign(process.env, {
      AWS_PROFILE: 'not-a-profile',
      AWS_REGION: 'ap-south-1',
      AWS_ACCESS_KEY_ID: 'AKIAPROCESSENV000001',
      AWS_SECRET_ACCESS_KEY: 'processEnvSecret',
      AWS_ENDPOINT_URL: DEAD,
      AWS_CONFIG_FILE: join(home, 'missing-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'missing-credentials'),
    });
  };

  it('AWS_PROFILE, the files under its HOME, the profile region and endpoints come from env', async () => {
    misleadProcessEnv();
    const aws = await createAwsContext({ env: { ...env, AWS_PROFILE: 'envtest' } });
    expect(aws.region).toBe('eu-west-1');
    expect((await aws.credentials()).accessKeyId).toBe('AKIALIBFILE000000001');
    // EC2 from the profile's services section; process.env's AWS_ENDPOINT_URL (a dead port) is not used.
    const ec2 = await aws.ec2();
    const page = await aws.call(() => ec2.send(new DescribeInstancesCommand({})));
    expect(page.Reservations?.map((r) => r.Instances?.[0]?.InstanceId).sort()).toEqual([
      'i-0718293a4b5c6d7e8',
      'i-0f60718293a4b5c6d',
    ]);
    // The profile's own endpoint_url, for a profile named explicitly.
    const other = await createAwsContext({ profile: 'other', env });
    const ssm = await other.ssm();
    const list = await other.call(() => ssm.send(new DescribeInstanceInformationCommand({})));
    expect(list.InstanceInformationList?.length).toBe(5);
  });

  it('static keys, AWS_REGION and AWS_ENDPOINT_URL_SSM come from env, not process.env', async () => {
    misleadProcessEnv();
    const aws = await createAwsContext({
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: 'AKIALIBENV0000000001',
        AWS_SECRET_ACCESS_KEY: ENV_SECRET,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_SSM: emulator.endpoint,
      },
    });
    expect(aws.region).toBe('us-east-1');
    expect(await aws.credentials()).toEqual({
      accessKeyId: 'AKIALIBENV0000000001',
      secretAccessKey: ENV_SECRET,
    });
    const ssm = await aws.ssm();
    const list = await aws.call(() => ssm.send(new DescribeInstanceInformationCommand({})));
    expect(list.InstanceInformationList?.length).toBe(5);
    // KMS has no endpoint in env: it goes to AWS, not to process.env's dead AWS_ENDPOINT_URL. The
    // request is stopped after the SDK built it (endpoint resolved), before it leaves the machine.
    const kms = await aws.kms();
    let host: string | undefined;
    kms.middlewareStack.add(
      () => async (args) => {
        host = (args.request as { hostname?: string }).hostname;
        throw new Error('stopped before sending');
      },
      { step: 'build' },
    );
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/x', NumberOfBytes: 32 })),
    ).rejects.toThrow('stopped before sending');
    expect(host).toBe('kms.us-east-1.amazonaws.com');
  });

  it('a profile named in env is used even when process.env has keys, as the SDK does', async () => {
    misleadProcessEnv();
    const aws = await createAwsContext({ profile: 'other', env: { ...env, AWS_ACCESS_KEY_ID: 'x' } });
    expect((await aws.credentials()).accessKeyId).toBe('AKIALIBOTHER00000001');
  });
});
