import {
  DescribeInstanceInformationCommand,
  DescribeSessionsCommand,
  ResumeSessionCommand,
  SSMClient,
  StartSessionCommand,
  TerminateSessionCommand,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultEmulatorConfig, generateInstances } from '../inventory/default-inventory.js';
import type { EmulatorConfig } from '../model.js';
import { startTestApi, type TestApi } from './test-server.js';

const WEB_1 = 'i-0a1b2c3d4e5f60718';
const OFFLINE = 'i-0e5f60718293a4b5c';
const EU_WINDOWS = 'i-0f60718293a4b5c6d';

async function errorOf(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('SSM API with the real SDK', () => {
  let api: TestApi;
  let ssm: SSMClient;
  let config: EmulatorConfig;

  beforeAll(async () => {
    config = defaultEmulatorConfig();
    config.instances.push(
      ...generateInstances(600, 'us-east-1', 7),
      ...generateInstances(600, 'eu-west-1', 7),
    );
    config.instances[1]!.tags.Access = 'denied';
    api = await startTestApi(config);
    ssm = new SSMClient(api.client());
  });
  afterAll(async () => {
    ssm.destroy();
    await api.close();
  });
  afterEach(() => {
    config.throttleRate = 0;
  });

  it('pages DescribeInstanceInformation over every instance of the region only', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 50 }, {})) {
      pages++;
      expect(page.InstanceInformationList!.length).toBeLessThanOrEqual(50);
      ids.push(...page.InstanceInformationList!.map((info) => info.InstanceId!));
    }
    expect(ids.length).toBe(605);
    expect(new Set(ids).size).toBe(605);
    expect(pages).toBe(Math.ceil(605 / 50));
    expect(ids).toContain(WEB_1);
    expect(ids).not.toContain(EU_WINDOWS);

    const eu = new SSMClient(api.client('eu-west-1'));
    let euCount = 0;
    for await (const page of paginateDescribeInstanceInformation({ client: eu, pageSize: 50 }, {})) {
      euCount += page.InstanceInformationList!.length;
    }
    eu.destroy();
    expect(euCount).toBe(602);
  });

  it('defaults to pages of 10 and reports the fields the client reads', async () => {
    const page = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(page.InstanceInformationList).toHaveLength(10);
    expect(page.NextToken).toBeTruthy();
    const web1 = page.InstanceInformationList!.find((info) => info.InstanceId === WEB_1)!;
    expect(web1).toMatchObject({
      PingStatus: 'Online',
      AgentVersion: '3.3.1611.0',
      IsLatestVersion: true,
      PlatformType: 'Linux',
      ResourceType: 'EC2Instance',
    });
    expect(web1.LastPingDateTime).toBeInstanceOf(Date);
    expect(web1.IPAddress).toMatch(/^10\./);
    const offline = page.InstanceInformationList!.find((info) => info.InstanceId === OFFLINE)!;
    expect(offline.PingStatus).toBe('ConnectionLost');
  });

  it('filters by InstanceIds, PingStatus, PlatformTypes and tags', async () => {
    const byId = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [WEB_1, OFFLINE] }] }),
    );
    expect(byId.InstanceInformationList!.map((i) => i.InstanceId).sort()).toEqual([WEB_1, OFFLINE].sort());

    const legacy = await ssm.send(
      new DescribeInstanceInformationCommand({
        InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [WEB_1] }],
      }),
    );
    expect(legacy.InstanceInformationList!.map((i) => i.InstanceId)).toEqual([WEB_1]);

    const tagged = await ssm.send(
      new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Role', Values: ['web'] }] }),
    );
    expect(tagged.InstanceInformationList).toHaveLength(2);

    const windowsOffline = await ssm.send(
      new DescribeInstanceInformationCommand({
        MaxResults: 50,
        Filters: [
          { Key: 'PlatformTypes', Values: ['Windows'] },
          { Key: 'PingStatus', Values: ['ConnectionLost'] },
        ],
      }),
    );
    // Generated: index % 7 === 6 is Windows, index % 10 === 9 is offline; both for index 69, 139, …
    expect(windowsOffline.InstanceInformationList!.length).toBeGreaterThan(0);
    for (const info of windowsOffline.InstanceInformationList!) {
      expect(info).toMatchObject({ PlatformType: 'Windows', PingStatus: 'ConnectionLost' });
    }
  });

  it('rejects bad MaxResults, filter keys and page tokens with the service errors', async () => {
    const small = await errorOf(ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 2 })));
    expect(small.name).toBe('ValidationException');
    expect(small.message).toContain('greater than or equal to 5');
    const key = await errorOf(
      ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['x'] }] })),
    );
    expect(key.name).toBe('InvalidFilterKey');
    const token = await errorOf(ssm.send(new DescribeInstanceInformationCommand({ NextToken: 'bogus' })));
    expect(token.name).toBe('InvalidNextToken');
    // A token is bound to its region: reusing it elsewhere is as invalid as in AWS.
    const first = await ssm.send(new DescribeInstanceInformationCommand({}));
    const eu = new SSMClient(api.client('eu-west-1'));
    const crossRegion = await errorOf(
      eu.send(new DescribeInstanceInformationCommand({ NextToken: first.NextToken })),
    );
    eu.destroy();
    expect(crossRegion.name).toBe('InvalidNextToken');
  });

  it('starts, resumes, describes and terminates a session', async () => {
    const started = await ssm.send(new StartSessionCommand({ Target: WEB_1, Reason: 'testing' }));
    expect(started.SessionId).toMatch(/^demo-[0-9a-f]{17}$/);
    expect(started.StreamUrl).toBe(
      `${api.url.replace('http', 'ws')}/v1/data-channel/${started.SessionId}?role=publish_subscribe`,
    );
    expect(started.TokenValue!.length).toBeGreaterThan(100);
    expect(api.sessions.acceptsToken(started.SessionId!, started.TokenValue!)).toBe(true);
    expect(api.sessions.get(started.SessionId!)!.sessionType).toBe('Standard_Stream');

    const resumed = await ssm.send(new ResumeSessionCommand({ SessionId: started.SessionId }));
    expect(resumed.TokenValue).toBeTruthy();
    expect(resumed.TokenValue).not.toBe(started.TokenValue);
    expect(api.sessions.acceptsToken(started.SessionId!, resumed.TokenValue!)).toBe(true);

    const active = await ssm.send(new DescribeSessionsCommand({ State: 'Active' }));
    const listed = active.Sessions!.find((s) => s.SessionId === started.SessionId)!;
    expect(listed).toMatchObject({
      Target: WEB_1,
      Status: 'Connected',
      Owner: 'arn:aws:iam::123456789012:user/demo',
      Reason: 'testing',
    });
    expect(listed.StartDate).toBeInstanceOf(Date);

    const terminated = await ssm.send(new TerminateSessionCommand({ SessionId: started.SessionId }));
    expect(terminated.SessionId).toBe(started.SessionId);
    expect(api.dataChannels.terminated).toContain(started.SessionId);

    const history = await ssm.send(
      new DescribeSessionsCommand({ State: 'History', Filters: [{ key: 'Target', value: WEB_1 }] }),
    );
    expect(history.Sessions!.map((s) => s.SessionId)).toContain(started.SessionId);
    expect(history.Sessions![0]!.EndDate).toBeInstanceOf(Date);

    // An ended session resumes with an empty token, which the client reports as "timed out".
    const late = await ssm.send(new ResumeSessionCommand({ SessionId: started.SessionId }));
    expect(late.TokenValue ?? '').toBe('');
  });

  it('substitutes document parameters into the session properties', async () => {
    const started = await ssm.send(
      new StartSessionCommand({
        Target: WEB_1,
        DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
        Parameters: { host: ['db.internal'], portNumber: ['5432'] },
      }),
    );
    const record = api.sessions.get(started.SessionId!)!;
    expect(record.sessionType).toBe('Port');
    expect(record.properties).toEqual({
      host: 'db.internal',
      portNumber: '5432',
      type: 'LocalPortForwarding',
      localPortNumber: '0',
    });
    const missing = await errorOf(
      ssm.send(
        new StartSessionCommand({
          Target: WEB_1,
          DocumentName: 'AWS-StartPortForwardingSessionToRemoteHost',
        }),
      ),
    );
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toContain('host');
  });

  it('answers StartSession failures with the real error codes', async () => {
    const offline = await errorOf(ssm.send(new StartSessionCommand({ Target: OFFLINE })));
    expect(offline.name).toBe('TargetNotConnected');
    expect(offline.message).toBe(`${OFFLINE} is not connected.`);
    expect(offline.$metadata?.httpStatusCode).toBe(400);

    const otherRegion = await errorOf(ssm.send(new StartSessionCommand({ Target: EU_WINDOWS })));
    expect(otherRegion.name).toBe('TargetNotConnected');

    const document = await errorOf(
      ssm.send(new StartSessionCommand({ Target: WEB_1, DocumentName: 'Nope' })),
    );
    expect(document.name).toBe('InvalidDocument');
    expect(document.message).toBe('Document with name Nope does not exist.');

    const denied = await errorOf(ssm.send(new StartSessionCommand({ Target: 'i-0b2c3d4e5f6071829' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      'User: arn:aws:iam::123456789012:user/demo is not authorized to perform: ssm:StartSession on resource: arn:aws:ec2:us-east-1:123456789012:instance/i-0b2c3d4e5f6071829',
    );

    const noTarget = await errorOf(
      ssm.send(new StartSessionCommand({ Target: undefined as unknown as string })),
    );
    expect(noTarget.name).toBe('ValidationException');

    const unknownResume = await errorOf(
      ssm.send(new ResumeSessionCommand({ SessionId: 'demo-00000000000000000' })),
    );
    expect(unknownResume.name).toBe('DoesNotExistException');

    const noState = await errorOf(ssm.send(new DescribeSessionsCommand({ State: 'Sometimes' as 'Active' })));
    expect(noState.name).toBe('ValidationException');
  });

  it('throttles the configured fraction of calls', async () => {
    config.throttleRate = 1;
    const error = await errorOf(ssm.send(new DescribeInstanceInformationCommand({})));
    expect(error.name).toBe('ThrottlingException');
    expect(error.message).toBe('Rate exceeded');
  });

  it('answers malformed JSON and wrong types with SerializationException, never a 500', async () => {
    const post = (body: string, target = 'AmazonSSM.StartSession') =>
      fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const bad = await post('{"Target":');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect(await bad.json()).toMatchObject({ __type: 'SerializationException' });

    const wrongType = await post('{"Target": 42}');
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { __type: string }).__type).toBe('SerializationException');

    const wrongParams = await post(`{"Target": "${WEB_1}", "Parameters": {"command": "ls"}}`);
    expect(((await wrongParams.json()) as { __type: string }).__type).toBe('SerializationException');

    const unknown = await post('{}', 'AmazonSSM.DeleteEverything');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
  });
});
