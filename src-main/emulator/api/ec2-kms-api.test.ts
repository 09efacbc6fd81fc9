import { DescribeInstancesCommand, EC2Client, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { defaultEmulatorConfig, generateInstances } from '../inventory/default-inventory.js';
import { completeInstance } from '../inventory/instance-defaults.js';
import { startTestApi, type TestApi } from './test-server.js';

const WEB_1 = 'i-0a1b2c3d4e5f60718';
const EU_WINDOWS = 'i-0f60718293a4b5c6d';
const HYBRID = 'mi-0123456789abcdef1';

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('EC2 DescribeInstances with the real SDK', () => {
  let api: TestApi;
  let ec2: EC2Client;

  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    config.instances.push(
      ...generateInstances(700, 'us-east-1', 3),
      ...generateInstances(500, 'eu-west-1', 3),
      completeInstance({ instanceId: HYBRID, region: 'us-east-1', name: 'on-prem-1' }),
    );
    api = await startTestApi(config);
    ec2 = new EC2Client(api.client());
  });
  afterAll(async () => {
    ec2.destroy();
    await api.close();
  });

  it('pages every instance of the region, and returns all at once without MaxResults', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 100 }, {})) {
      pages++;
      for (const reservation of page.Reservations!)
        ids.push(...reservation.Instances!.map((i) => i.InstanceId!));
    }
    expect(pages).toBe(8);
    expect(new Set(ids).size).toBe(705);
    const all = await ec2.send(new DescribeInstancesCommand({}));
    expect(all.Reservations).toHaveLength(705);
    expect(all.NextToken).toBeUndefined();

    const eu = new EC2Client(api.client('eu-west-1'));
    const euAll = await eu.send(new DescribeInstancesCommand({}));
    eu.destroy();
    expect(euAll.Reservations).toHaveLength(502);
  });

  it('parses the fields the client reads', async () => {
    const page = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [WEB_1] }));
    const instance = page.Reservations![0]!.Instances![0]!;
    expect(instance).toMatchObject({
      InstanceId: WEB_1,
      InstanceType: 't3.small',
      State: { Code: 16, Name: 'running' },
    });
    expect(instance.PrivateIpAddress).toMatch(/^10\./);
    expect(instance.PrivateDnsName).toMatch(/\.ec2\.internal$/);
    expect(instance.Tags).toContainEqual({ Key: 'Name', Value: 'web-1' });
    expect(instance.Platform).toBeUndefined();

    const eu = new EC2Client(api.client('eu-west-1'));
    const windows = await eu.send(new DescribeInstancesCommand({ InstanceIds: [EU_WINDOWS] }));
    eu.destroy();
    expect(windows.Reservations![0]!.Instances![0]!.Platform).toBe('windows');
  });

  it('never lists hybrid (mi-) managed nodes, which only SSM knows', async () => {
    const ssm = new SSMClient(api.client());
    const info = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [HYBRID] }] }),
    );
    ssm.destroy();
    expect(info.InstanceInformationList?.[0]).toMatchObject({
      InstanceId: HYBRID,
      ResourceType: 'ManagedInstance',
    });
    const all = await ec2.send(new DescribeInstancesCommand({}));
    const ids = all.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId));
    expect(ids).not.toContain(HYBRID);
    expect(ids.every((id) => id!.startsWith('i-'))).toBe(true);
    const byTag = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['on-prem-*'] }] }),
    );
    expect(byTag.Reservations).toEqual([]);
    const asked = await errorOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: [HYBRID] })));
    expect(asked.name).toBe('InvalidInstanceID.Malformed');
  });

  it('filters by tag, tag-key, instance-state-name and instance-id', async () => {
    const web = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['web-*'] }] }),
    );
    expect(web.Reservations!.map((r) => r.Instances![0]!.InstanceId)).toEqual([WEB_1, 'i-0b2c3d4e5f6071829']);
    const generated = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag-key', Values: ['Generated'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    expect(generated.Reservations).toHaveLength(700);
    const byId = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: [WEB_1] }] }),
    );
    expect(byId.Reservations).toHaveLength(1);
  });

  it('answers errors in the EC2 XML shape', async () => {
    const notFound = await errorOf(
      ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
    );
    expect(notFound.name).toBe('InvalidInstanceID.NotFound');
    expect(notFound.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
    const otherRegion = await errorOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: [EU_WINDOWS] })));
    expect(otherRegion.name).toBe('InvalidInstanceID.NotFound');
    const malformed = await errorOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['web-1'] })));
    expect(malformed.name).toBe('InvalidInstanceID.Malformed');
    const filter = await errorOf(
      ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    );
    expect(filter.name).toBe('InvalidParameterValue');
    const max = await errorOf(ec2.send(new DescribeInstancesCommand({ MaxResults: 3 })));
    expect(max.name).toBe('InvalidParameterValue');

    api.config.throttleRate = 1;
    try {
      const throttled = await errorOf(ec2.send(new DescribeInstancesCommand({})));
      expect(throttled.name).toBe('RequestLimitExceeded');
    } finally {
      api.config.throttleRate = 0;
    }
  });
});

describe('KMS with the real SDK', () => {
  let api: TestApi;
  let kms: KMSClient;
  const context = { 'aws:ssm:SessionId': 'demo-0123456789abcdef0', 'aws:ssm:TargetId': WEB_1 };

  beforeAll(async () => {
    api = await startTestApi();
    kms = new KMSClient(api.client());
  });
  afterAll(async () => {
    kms.destroy();
    await api.close();
  });

  it('round-trips a 64-byte data key and reports the key ARN', async () => {
    const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
    const key = await kms.send(
      new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 64, EncryptionContext: context }),
    );
    expect(key.Plaintext).toHaveLength(64);
    expect(key.KeyId).toBe(`arn:aws:kms:us-east-1:123456789012:key/${keyId}`);
    // The simulated agent decrypts in-process with the context in another key order.
    const reordered = { 'aws:ssm:TargetId': WEB_1, 'aws:ssm:SessionId': 'demo-0123456789abcdef0' };
    expect(
      api.kms.decrypt({ ciphertextBlob: Buffer.from(key.CiphertextBlob!), encryptionContext: reordered })
        .plaintext,
    ).toEqual(Buffer.from(key.Plaintext!));
    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: context }),
    );
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(Buffer.from(key.Plaintext!));
    expect(decrypted.KeyId).toBe(key.KeyId);
  });

  it('resolves aliases to a stable key and supports KeySpec', async () => {
    const first = await kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/ssm-sessions', KeySpec: 'AES_256' }),
    );
    const second = await kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/ssm-sessions', NumberOfBytes: 16 }),
    );
    expect(first.Plaintext).toHaveLength(32);
    expect(second.Plaintext).toHaveLength(16);
    expect(first.KeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
    expect(second.KeyId).toBe(first.KeyId);
  });

  it('rejects a different encryption context, garbage and missing keys', async () => {
    const key = await kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/x', NumberOfBytes: 64, EncryptionContext: context }),
    );
    const withChallenge = { ...context, 'aws:ssm:RandomChallenge': 'abc' };
    const mismatch = await errorOf(
      kms.send(new DecryptCommand({ CiphertextBlob: key.CiphertextBlob, EncryptionContext: withChallenge })),
    );
    expect(mismatch.name).toBe('InvalidCiphertextException');
    const garbage = await errorOf(
      kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a blob') })),
    );
    expect(garbage.name).toBe('InvalidCiphertextException');
    const missing = await errorOf(
      kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/missing-key', NumberOfBytes: 64 })),
    );
    expect(missing.name).toBe('NotFoundException');
    const missingArn = await errorOf(
      kms.send(
        new GenerateDataKeyCommand({
          KeyId: 'arn:aws:kms:us-east-1:123456789012:key/missing',
          NumberOfBytes: 64,
        }),
      ),
    );
    expect(missingArn.name).toBe('NotFoundException');
    const tooMany = await errorOf(
      kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/x', NumberOfBytes: 2048 })),
    );
    expect(tooMany.name).toBe('ValidationException');
  });
});
