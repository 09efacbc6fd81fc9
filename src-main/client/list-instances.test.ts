import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceRecordSchema } from '../../src-shared/model/instance.js';
import { ListErrorSchema } from '../../src-shared/model/list-error.js';
import { SessionSummarySchema } from '../../src-shared/model/session-summary.js';
import { AwsContext } from '../aws/aws-context.js';
import { Emulator, defaultEmulatorConfig } from '../emulator/index.js';
import { completeInstance } from '../emulator/inventory/instance-defaults.js';
import { listInstances } from './list-instances.js';
import { listSessions, terminateSessions } from './session-list.js';
import { startSsmSession } from './session-launcher.js';

const HYBRID = 'mi-0123456789abcdef0';

describe('listings as plain contract data', () => {
  let emulator: Emulator;
  let aws: AwsContext;
  beforeAll(async () => {
    const config = defaultEmulatorConfig();
    // A hybrid (on-premises) managed node: SSM knows it, EC2 never lists it (issue 8 §7).
    config.instances.push(
      completeInstance({ instanceId: HYBRID, region: 'us-east-1', name: 'onprem-1', tags: {} }),
    );
    emulator = await Emulator.start({ config });
    aws = await AwsContext.create({
      region: 'us-east-1',
      endpointUrl: emulator.endpoint,
      env: { AWS_ACCESS_KEY_ID: 'AKIALISTTEST00000001', AWS_SECRET_ACCESS_KEY: 'list-test-secret' },
    });
  });
  afterAll(async () => emulator?.close());

  it('shows a hybrid mi- node from SSM data alone; every record fits the contract schema', async () => {
    const { instances, errors } = await listInstances([aws], { cacheTtlMs: 0 });
    expect(errors).toEqual([]);
    const hybrid = instances.find((instance) => instance.instanceId === HYBRID);
    expect(hybrid).toMatchObject({ managed: true, pingStatus: 'Online', region: 'us-east-1', tags: {} });
    expect(hybrid?.state).toBeUndefined();
    expect(hybrid?.agentVersion).toEqual(expect.any(String));
    for (const instance of instances) expect(() => InstanceRecordSchema.parse(instance)).not.toThrow();
    // Plain data: what crosses to the renderer survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(instances))).toEqual(
      instances.map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== undefined))),
    );
  });

  it('a failing region is a ListError with a code, beside the region that lists', async () => {
    emulator.setRegionFailure('eu-west-1', 'AccessDenied');
    try {
      const { instances, errors } = await listInstances([aws, aws.inRegion('eu-west-1')], { cacheTtlMs: 0 });
      expect(instances.length).toBeGreaterThan(0);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ region: 'eu-west-1', code: 'access-denied' });
      expect(() => ListErrorSchema.parse(errors[0])).not.toThrow();
    } finally {
      emulator.setRegionFailure('eu-west-1', undefined);
    }
  });

  it('an aborted listing rejects with aborted', async () => {
    const controller = new AbortController();
    const listing = listInstances([aws], { cacheTtlMs: 0, signal: controller.signal });
    controller.abort();
    await expect(listing).rejects.toMatchObject({ code: 'aborted' });
  });

  it('sessions have ISO dates; terminating several gives one result each, failures included', async () => {
    const start = await startSsmSession(aws, { target: 'i-0a1b2c3d4e5f60718', reason: 'list test' });
    const active = await listSessions(aws, 'Active');
    const mine = active.find((session) => session.sessionId === start.sessionId);
    expect(mine).toMatchObject({
      reason: 'list test',
      startDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(() => SessionSummarySchema.parse(mine)).not.toThrow();

    const results = await terminateSessions(aws, ['nobody-0123456789abcdef0', start.sessionId]);
    expect(results).toEqual([
      {
        sessionId: 'nobody-0123456789abcdef0',
        ok: false,
        error: { code: 'session-not-found', message: expect.any(String) },
      },
      { sessionId: start.sessionId, ok: true },
    ]);
  });
});
