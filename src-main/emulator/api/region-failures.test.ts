import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator.js';
import { defaultEmulatorConfig } from '../inventory/default-inventory.js';
import { parseEmulatorConfig } from '../inventory/load-config.js';
import type { RegionFailure } from '../model.js';

type Failure = Error & { $metadata?: { httpStatusCode?: number } };

async function failureOf(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    return error as Failure;
  }
  throw new Error('expected the call to fail');
}

const CALLER = 'arn:aws:iam::123456789012:user/demo';

/** What AWS's SDK shows for each failure: [code, HTTP status, message]. */
const EXPECTED: Record<RegionFailure, { ssm: [string, number, string]; ec2: [string, number, string] }> = {
  AccessDenied: {
    ssm: [
      'AccessDeniedException',
      400,
      `User: ${CALLER} is not authorized to perform: ssm:DescribeInstanceInformation on resource: arn:aws:ssm:eu-west-1:123456789012:* because no identity-based policy allows the ssm:DescribeInstanceInformation action`,
    ],
    ec2: [
      'UnauthorizedOperation',
      403,
      `You are not authorized to perform this operation. User: ${CALLER} is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the ec2:DescribeInstances action`,
    ],
  },
  UnrecognizedClient: {
    ssm: ['UnrecognizedClientException', 400, 'The security token included in the request is invalid.'],
    ec2: ['AuthFailure', 401, 'AWS was not able to validate the provided access credentials'],
  },
  Throttling: {
    ssm: ['ThrottlingException', 400, 'Rate exceeded'],
    ec2: ['RequestLimitExceeded', 503, 'Request limit exceeded.'],
  },
  Unavailable: {
    ssm: ['InternalServerError', 500, 'Internal Server Error'],
    ec2: ['Unavailable', 503, "The server is overloaded and can't handle the request."],
  },
};

describe('a region made to fail', () => {
  let emulator: Emulator;
  const client = <T>(make: new (settings: object) => T, region: string): T =>
    new make({
      endpoint: emulator.endpoint,
      region,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    });

  beforeAll(async () => {
    emulator = await Emulator.start({ config: defaultEmulatorConfig() });
  });
  afterAll(async () => emulator.close());

  for (const failure of Object.keys(EXPECTED) as RegionFailure[]) {
    it(`${failure}: every SSM and EC2 call signed for it fails in the service's words; the other region lists`, async () => {
      emulator.setRegionFailure('eu-west-1', failure);
      const ssm = client(SSMClient, 'eu-west-1');
      const ec2 = client(EC2Client, 'eu-west-1');
      const us = client(SSMClient, 'us-east-1');
      try {
        const ssmFailure = await failureOf(ssm.send(new DescribeInstanceInformationCommand({})));
        expect([ssmFailure.name, ssmFailure.$metadata?.httpStatusCode, ssmFailure.message]).toEqual(
          EXPECTED[failure].ssm,
        );
        const ec2Failure = await failureOf(ec2.send(new DescribeInstancesCommand({})));
        expect([ec2Failure.name, ec2Failure.$metadata?.httpStatusCode, ec2Failure.message]).toEqual(
          EXPECTED[failure].ec2,
        );
        const listed = await us.send(new DescribeInstanceInformationCommand({}));
        expect(listed.InstanceInformationList).toHaveLength(5);
      } finally {
        ssm.destroy();
        ec2.destroy();
        us.destroy();
        emulator.setRegionFailure('eu-west-1', undefined);
      }
    });
  }

  it('is set and cleared through POST /emulator/settings as well', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.endpoint}/emulator/settings`, { method: 'POST', body: JSON.stringify(body) });
    const set = await post({ failRegions: { 'eu-west-1': 'AccessDenied' } });
    expect(await set.json()).toMatchObject({ failRegions: { 'eu-west-1': 'AccessDenied' } });
    expect(emulator.regionFailures).toEqual({ 'eu-west-1': 'AccessDenied' });
    const ssm = client(SSMClient, 'eu-west-1');
    try {
      expect((await failureOf(ssm.send(new DescribeInstanceInformationCommand({})))).name).toBe(
        'AccessDeniedException',
      );
      await post({ failRegions: {} });
      expect(
        (await ssm.send(new DescribeInstanceInformationCommand({}))).InstanceInformationList,
      ).toHaveLength(2);
    } finally {
      ssm.destroy();
    }
    const bad = await post({ failRegions: { 'eu-west-1': 'Broken' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error:
        'request body: failRegions.eu-west-1 must be one of AccessDenied, UnrecognizedClient, Throttling, Unavailable (got "Broken")',
    });
  });

  it('comes from the config file too', () => {
    expect(
      parseEmulatorConfig({ failRegions: { 'ap-south-1': 'Throttling' } }, 'c.json').failRegions,
    ).toEqual({
      'ap-south-1': 'Throttling',
    });
    expect(() => parseEmulatorConfig({ failRegions: { Europe: 'Throttling' } }, 'c.json')).toThrow(
      'c.json: failRegions.Europe is not an AWS region like us-east-1',
    );
  });
});
