import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  SSMClient,
  StartSessionCommand,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test-server.js';

const WEB_1 = 'i-0a1b2c3d4e5f60718';

async function failureOf(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

// The real SDK sends whatever it is given (it does not check constraints), so these reach the emulator
// exactly as a careless client's requests reach AWS.
describe('requests the services reject, through the real SDK', () => {
  let api: TestApi;
  let ssm: SSMClient;
  let kms: KMSClient;

  beforeAll(async () => {
    api = await startTestApi();
    ssm = new SSMClient(api.client());
    kms = new KMSClient(api.client());
  });
  afterAll(async () => {
    ssm.destroy();
    kms.destroy();
    await api.close();
  });

  it('StartSession: a reason over 256 characters or with a line break, a malformed document name, an empty parameter value', async () => {
    for (const Reason of ['x'.repeat(257), 'first line\nsecond line', '']) {
      const error = await failureOf(ssm.send(new StartSessionCommand({ Target: WEB_1, Reason })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(
        /^\d validation errors? detected: Value '.*' at 'reason' failed to satisfy constraint/s,
      );
    }
    const document = await failureOf(
      ssm.send(new StartSessionCommand({ Target: WEB_1, DocumentName: 'my doc!' })),
    );
    expect([document.name, document.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value 'my doc!' at 'documentName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.:/]{3,128}$",
    ]);
    const parameter = await failureOf(
      ssm.send(
        new StartSessionCommand({
          Target: WEB_1,
          DocumentName: 'AWS-StartInteractiveCommand',
          Parameters: { command: [''] },
        }),
      ),
    );
    expect(parameter.name).toBe('ValidationException');
    expect(parameter.message).toContain('Map value must satisfy constraint');
    // A reason of one line within the limit is accepted and kept.
    const started = await ssm.send(new StartSessionCommand({ Target: WEB_1, Reason: 'x'.repeat(256) }));
    expect(api.sessions.get(started.SessionId!)?.reason).toHaveLength(256);
  });

  it('DescribeInstanceInformation: ResourceType takes one value, and never Document', async () => {
    const two = await failureOf(
      ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'ResourceType', Values: ['EC2Instance', 'ManagedInstance'] }],
        }),
      ),
    );
    expect([two.name, two.message]).toEqual([
      'InvalidInstanceInformationFilterValue',
      'ResourceType filter may contain only one value.',
    ]);
    const document = await failureOf(
      ssm.send(
        new DescribeInstanceInformationCommand({
          InstanceInformationFilterList: [{ key: 'ResourceType', valueSet: ['Document'] }],
        }),
      ),
    );
    expect([document.name, document.message]).toEqual([
      'InvalidInstanceInformationFilterValue',
      'ResourceType filter is invalid, valid values are EC2Instance, ManagedInstance',
    ]);
    const ec2 = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'ResourceType', Values: ['EC2Instance'] }] }),
    );
    expect(ec2.InstanceInformationList).toHaveLength(5);
    const empty = await failureOf(
      ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: [''] }] })),
    );
    expect(empty.name).toBe('ValidationException');
  });

  it('DescribeSessions: at most six filters, values of 1 to 400 characters', async () => {
    const many = await failureOf(
      ssm.send(
        new DescribeSessionsCommand({
          State: 'Active',
          Filters: Array.from({ length: 7 }, () => ({ key: 'Target' as const, value: WEB_1 })),
        }),
      ),
    );
    expect(many.message).toMatch(
      /at 'filters' failed to satisfy constraint: Member must have length less than or equal to 6$/,
    );
    const long = await failureOf(
      ssm.send(
        new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Owner', value: 'o'.repeat(401) }] }),
      ),
    );
    expect(long.message).toMatch(
      /at 'filters\.1\.member\.value' failed to satisfy constraint: Member must have length less than or equal to 400$/,
    );
    const status = await failureOf(
      ssm.send(
        new DescribeSessionsCommand({ State: 'Active', Filters: [{ key: 'Status', value: 'Sleeping' }] }),
      ),
    );
    expect(status.name).toBe('ValidationException');
  });

  it('KMS: grant tokens it never issued, asymmetric algorithms for a symmetric key, DryRun', async () => {
    const tooMany = await failureOf(
      kms.send(
        new GenerateDataKeyCommand({
          KeyId: 'alias/x',
          KeySpec: 'AES_256',
          GrantTokens: Array(11).fill('g') as string[],
        }),
      ),
    );
    expect(tooMany.name).toBe('ValidationException');
    const unknown = await failureOf(
      kms.send(
        new GenerateDataKeyCommand({ KeyId: 'alias/x', KeySpec: 'AES_256', GrantTokens: ['not-a-grant'] }),
      ),
    );
    expect([unknown.name, unknown.message]).toEqual([
      'InvalidGrantTokenException',
      'The specified grant token is not valid.',
    ]);
    const key = await kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/x', KeySpec: 'AES_256' }));
    const rsa = await failureOf(
      kms.send(
        new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }),
      ),
    );
    expect(rsa.name).toBe('InvalidKeyUsageException');
    const dryRun = await failureOf(
      kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, DryRun: true })),
    );
    expect(dryRun.name).toBe('DryRunOperationException');
    const plain = await kms.send(
      new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }),
    );
    expect(Buffer.from(plain.Plaintext!)).toEqual(Buffer.from(key.Plaintext!));
  });
});
