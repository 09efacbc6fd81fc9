import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeInstanceInformationCommand, SSMClient, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Emulator } from '../emulator.js';
import { CONTROL_SECRET_HEADER, createEmulatorLock, type EmulatorLock } from './emulator-lock.js';

type Failure = Error & { $metadata?: { httpStatusCode?: number } };

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected the call to fail');
}

describe('a locked emulator (the desktop app built-in emulator)', () => {
  let lock: Required<EmulatorLock>;
  let emulator: Emulator;

  beforeAll(async () => {
    lock = createEmulatorLock();
    emulator = await Emulator.start({ lock });
  });
  afterAll(async () => emulator.close());

  const settings = (accessKeyId: string) => ({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'any' },
    maxAttempts: 1,
  });

  /** A Query-protocol call with a hand-made SigV4 header (the emulator reads only its credential scope). */
  const query = async (service: 'sts', accessKeyId: string | undefined, params: Record<string, string>) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (accessKeyId !== undefined) {
      headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
    }
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ Version: '2011-06-15', ...params }).toString(),
    });
    const body = await response.text();
    const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
    return { status: response.status, code: tag('Code'), message: tag('Message'), tag };
  };

  it('makes an AWS-shaped access key id and a 32-byte control secret for each launch', () => {
    expect(lock.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(Buffer.from(lock.controlSecret, 'base64url')).toHaveLength(32);
    expect(createEmulatorLock()).not.toEqual(lock);
  });

  it('answers the launch key, and refuses another key as each service refuses an unknown one', async () => {
    const ssm = new SSMClient(settings(lock.accessKeyId));
    expect((await ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList).toHaveLength(
      5,
    );
    ssm.destroy();

    const stranger = 'AKIAIOSFODNN7EXAMPLE';
    const otherSsm = new SSMClient(settings(stranger));
    const ssmFailure = await failureOf(otherSsm.send(new DescribeInstanceInformationCommand({})));
    otherSsm.destroy();
    expect([ssmFailure.name, ssmFailure.message, ssmFailure.$metadata?.httpStatusCode]).toEqual([
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      400,
    ]);

    const ec2 = new EC2Client(settings(stranger));
    const ec2Failure = await failureOf(ec2.send(new DescribeInstancesCommand({})));
    ec2.destroy();
    expect([ec2Failure.name, ec2Failure.message, ec2Failure.$metadata?.httpStatusCode]).toEqual([
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
      401,
    ]);

    const kms = new KMSClient(settings(stranger));
    const kmsFailure = await failureOf(
      kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/x', KeySpec: 'AES_256' })),
    );
    kms.destroy();
    expect(kmsFailure.name).toBe('UnrecognizedClientException');

    const sts = await query('sts', stranger, { Action: 'GetCallerIdentity' });
    expect([sts.status, sts.code, sts.message]).toEqual([
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    ]);
    const unsigned = await query('sts', undefined, { Action: 'GetCallerIdentity' });
    expect([unsigned.status, unsigned.code]).toEqual([403, 'MissingAuthenticationToken']);
  });

  it('accepts keys it issued itself (an assumed role) and nothing guessed from them', async () => {
    const assumed = await query('sts', lock.accessKeyId, {
      Action: 'AssumeRole',
      RoleArn: 'arn:aws:iam::123456789012:role/Admin',
      RoleSessionName: 'app',
    });
    expect(assumed.status).toBe(200);
    const issued = assumed.tag('AccessKeyId')!;
    const who = await query('sts', issued, { Action: 'GetCallerIdentity' });
    expect(who.tag('Arn')).toBe('arn:aws:sts::123456789012:assumed-role/Admin/app');
    const ssm = new SSMClient(settings(issued));
    await expect(ssm.send(new DescribeInstanceInformationCommand({}))).resolves.toBeDefined();
    ssm.destroy();
    const guessed = await query('sts', `${issued.slice(0, -1)}X`, { Action: 'GetCallerIdentity' });
    expect(guessed.code).toBe('InvalidClientTokenId');
  });

  it('opens the control routes only with the control secret', async () => {
    const health = (headers: Record<string, string>) =>
      fetch(`${emulator.endpoint}/emulator/health`, { headers });
    const without = await health({});
    expect(without.status).toBe(403);
    expect(await without.json()).toEqual({ error: `missing or wrong ${CONTROL_SECRET_HEADER} header` });
    expect((await health({ [CONTROL_SECRET_HEADER]: `${lock.controlSecret}x` })).status).toBe(403);
    const withSecret = await health({ [CONTROL_SECRET_HEADER]: lock.controlSecret });
    expect(withSecret.status).toBe(200);
    expect(await withSecret.json()).toMatchObject({ ok: true });
  });

  it('hands out data-channel tokens of 96 random bytes, and refuses a socket with any other token', async () => {
    const ssm = new SSMClient(settings(lock.accessKeyId));
    const tokens: string[] = [];
    let streamUrl = '';
    for (let i = 0; i < 8; i++) {
      const started = await ssm.send(new StartSessionCommand({ Target: 'i-0a1b2c3d4e5f60718' }));
      tokens.push(started.TokenValue!);
      streamUrl = started.StreamUrl!;
    }
    ssm.destroy();
    for (const token of tokens) expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Bytes that repeat across tokens would show a counter or a weak generator.
    const distinct = new Set(
      tokens.map((token) => Buffer.from(token, 'base64url').subarray(0, 8).toString('hex')),
    );
    expect(distinct.size).toBe(tokens.length);

    const socket = new WebSocket(streamUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: 'r',
        TokenValue: tokens[0]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
        ClientId: 'c',
      }),
    );
    const code = await new Promise<number>((resolve) =>
      socket.once('close', (closeCode) => resolve(closeCode)),
    );
    expect(code).toBe(1008);
  });
});

describe('a lock without a control secret', () => {
  it('closes the control routes altogether, and refuses a weak lock at start', async () => {
    const emulator = await Emulator.start({ lock: { accessKeyId: 'AKIAEXAMPLE000000001' } });
    try {
      const response = await fetch(`${emulator.endpoint}/emulator/health`);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'control routes are closed on this locked emulator' });
    } finally {
      await emulator.close();
    }
    await expect(Emulator.start({ lock: { accessKeyId: 'short' } })).rejects.toThrow(
      'emulator lock: accessKeyId must be 16 to 128 letters, digits or underscores',
    );
    await expect(
      Emulator.start({ lock: { accessKeyId: 'AKIAEXAMPLE000000001', controlSecret: 'weak' } }),
    ).rejects.toThrow('emulator lock: controlSecret must be at least 16 characters');
  });
});
