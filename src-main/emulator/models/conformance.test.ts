import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../emulator.js';
import { defaultEmulatorConfig, generateInstances } from '../inventory/default-inventory.js';
import { completeDatabase } from '../inventory/databases.js';
import { completeInstance } from '../inventory/instance-defaults.js';
import { findBotocoreData, readBotocoreFile } from '../testing/botocore.js';
import { ShapeChecker, type FullModel } from '../testing/shape-conformance.js';
import { parseXml, type XmlElement } from '../testing/tiny-xml.js';

const BOTOCORE = findBotocoreData();
const SERVICES = ['ssm', 'kms', 'ec2', 'sts', 'sso', 'rds', 'sso-oidc'] as const;
type Service = (typeof SERVICES)[number];

interface Paginator {
  input_token: string;
  output_token: string;
  limit_key: string;
  result_key: string;
}

/** Errors every operation of a service can answer besides its documented ones (auth, throttling, validation). */
const COMMON_ERRORS: Record<Service, readonly string[]> = {
  ssm: [
    'ValidationException',
    'SerializationException',
    'ThrottlingException',
    'AccessDeniedException',
    'UnrecognizedClientException',
  ],
  kms: [
    'ValidationException',
    'SerializationException',
    'ThrottlingException',
    'AccessDeniedException',
    'UnrecognizedClientException',
  ],
  // EC2's model lists no errors; these are from its documented error codes.
  ec2: [
    'InvalidInstanceID.NotFound',
    'InvalidInstanceID.Malformed',
    'InvalidParameterValue',
    'InvalidParameterCombination',
    'RequestLimitExceeded',
    'UnauthorizedOperation',
    'AuthFailure',
  ],
  sts: ['ValidationError', 'AccessDenied', 'InvalidClientTokenId', 'MissingAuthenticationToken'],
  sso: [],
  'sso-oidc': [],
  rds: [
    'InvalidParameterValue',
    'InvalidClientTokenId',
    'AccessDenied',
    'Throttling',
    'MissingAuthenticationToken',
  ],
};

/**
 * Where the live service and its model disagree, the emulator follows the service. Each entry says
 * why; anything else the checker finds fails the test.
 */
const KNOWN_DEVIATIONS: ReadonlyArray<{ service: Service; problem: RegExp; why: string }> = [
  {
    service: 'ec2',
    problem: /\.Platform: 'windows' is not one of Windows$/,
    why: 'EC2 writes <platform>windows</platform> in lower case (as every DescribeInstances output shows), while the model enum says "Windows"',
  },
];

function unexplained(service: Service, problems: readonly string[]): string[] {
  return problems.filter(
    (problem) => !KNOWN_DEVIATIONS.some((known) => known.service === service && known.problem.test(problem)),
  );
}

// Every answer the emulator gives, held against the service model botocore ships: the same model the
// SDKs are generated from. A member the model does not know, a missing required one, a wrong type or
// an enum value the model does not list would each confuse a strict client.
describe.skipIf(!BOTOCORE)(
  BOTOCORE
    ? 'emulator responses conform to the service models'
    : 'service-model conformance (skipped: no botocore on this machine)',
  () => {
    const data = BOTOCORE as string;
    const models = {} as Record<Service, FullModel>;
    const paginators = {} as Record<Service, Record<string, Paginator>>;
    let emulator: Emulator;

    beforeAll(async () => {
      for (const service of SERVICES) {
        models[service] = readBotocoreFile(data, service, 'service-2.json') as FullModel;
        paginators[service] = (
          readBotocoreFile(data, service, 'paginators-1.json') as {
            pagination: Record<string, Paginator>;
          }
        ).pagination;
      }
      const config = defaultEmulatorConfig();
      config.instances.push(
        ...generateInstances(23, 'us-east-1', 5),
        completeInstance({ instanceId: 'mi-0123456789abcdef1', region: 'us-east-1', name: 'on-prem' }),
      );
      for (let i = 0; i < 25; i++) {
        config.databases!.push(
          ...completeDatabase({ identifier: `pg-${i}`, region: 'us-east-1', engine: 'postgres' }),
          ...completeDatabase({ identifier: `olap-${i}`, region: 'us-east-1', engine: 'aurora-mysql' }),
        );
      }
      config.sso = {
        accounts: ['111111111111', '222222222222', '333333333333'].map((accountId, index) => ({
          accountId,
          accountName: `Account ${index + 1}`,
          emailAddress: `aws+${index + 1}@example.com`,
          roles: ['Admin', 'Developer', 'ReadOnly'],
        })),
      };
      emulator = await Emulator.start({ config });
    });
    afterAll(async () => emulator.close());

    const authorization = (service: string, region = 'us-east-1', key = 'AKIDEXAMPLE') =>
      `AWS4-HMAC-SHA256 Credential=${key}/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;

    const outputShape = (service: Service, operation: string): string => {
      const output = models[service].operations[operation]?.output?.shape;
      if (!output) throw new Error(`${service} ${operation} has no output shape`);
      return output;
    };

    const expectJson = (service: Service, operation: string, body: unknown): void => {
      const checker = new ShapeChecker(models[service]);
      checker.json(outputShape(service, operation), body);
      expect(unexplained(service, checker.problems), `${service} ${operation}`).toEqual([]);
    };

    const expectXml = (service: Service, operation: string, root: XmlElement): void => {
      const checker = new ShapeChecker(models[service]);
      expect(root.name).toBe(`${operation}Response`);
      const wrapper = models[service].operations[operation]?.output?.resultWrapper;
      let result: XmlElement = root;
      if (service === 'ec2') {
        // requestId is protocol metadata, not a model member.
        result = { ...root, children: root.children.filter((child) => child.name !== 'requestId') };
      } else if (wrapper) {
        const found = root.children.find((child) => child.name === wrapper);
        expect(found, `<${wrapper}> in ${operation}Response`).toBeDefined();
        result = found as XmlElement;
        expect(root.children.map((child) => child.name).sort()).toEqual([wrapper, 'ResponseMetadata'].sort());
      }
      checker.xml(outputShape(service, operation), result, '', service === 'ec2' ? 'ec2' : 'query');
      expect(unexplained(service, checker.problems), `${service} ${operation}`).toEqual([]);
    };

    const expectDocumentedError = (service: Service, operation: string, code: string): void => {
      // An error shape may carry its own wire code (RDS's DBInstanceNotFoundFault is DBInstanceNotFound).
      const documented = (models[service].operations[operation]?.errors ?? []).map(
        (error) => models[service].shapes[error.shape]?.error?.code ?? error.shape,
      );
      expect(
        [...documented, ...COMMON_ERRORS[service]],
        `${service} ${operation} answered ${code}`,
      ).toContain(code);
    };

    /** A JSON 1.1 call; errors come back as {code, message} from the header and body. */
    const jsonCall = async (
      service: 'ssm' | 'kms',
      operation: string,
      input: object,
      region = 'us-east-1',
    ) => {
      const prefix = service === 'ssm' ? 'AmazonSSM' : 'TrentService';
      const response = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `${prefix}.${operation}`,
          authorization: authorization(service, region),
        },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) {
        expect(response.headers.get('x-amzn-errortype')).toBe(body.__type);
        expect(typeof body.message).toBe('string');
        expectDocumentedError(service, operation, body.__type as string);
      } else {
        expectJson(service, operation, body);
      }
      return { status: response.status, body };
    };

    /** A Query or EC2 call: form in, XML out. */
    const formCall = async (service: 'ec2' | 'sts' | 'rds', params: Record<string, string>) => {
      const response = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          authorization: authorization(service),
        },
        body: new URLSearchParams(params).toString(),
      });
      const root = parseXml(await response.text());
      const operation = params.Action as string;
      if (response.status !== 200) {
        const code = findText(root, 'Code') as string;
        expectDocumentedError(service, operation, code);
        expect(root.name).toBe(service === 'ec2' ? 'Response' : 'ErrorResponse');
      } else {
        expectXml(service, operation, root);
      }
      return { status: response.status, root };
    };

    /** Follows a paginator as botocore does, with a small page size, and checks the pages add up. */
    const pageThrough = async (
      service: Service,
      operation: string,
      limit: number,
      call: (
        limitKey: string,
        limit: number,
        token: string | undefined,
      ) => Promise<{ items: unknown[]; token: string | undefined }>,
    ): Promise<unknown[]> => {
      const paginator = paginators[service][operation];
      expect(paginator, `botocore paginates ${operation}`).toBeDefined();
      const { members } = models[service].shapes[outputShape(service, operation)] as {
        members: Record<string, unknown>;
      };
      expect(Object.keys(members)).toEqual(
        expect.arrayContaining([paginator!.output_token, paginator!.result_key]),
      );
      const items: unknown[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await call(paginator!.limit_key, limit, token);
        expect(page.items.length).toBeLessThanOrEqual(limit);
        items.push(...page.items);
        token = page.token;
        pages++;
      } while (token !== undefined && pages < 100);
      expect(pages).toBeGreaterThan(1);
      return items;
    };

    it('SSM DescribeInstanceInformation: every page, hybrid and EC2 nodes alike, and its errors', async () => {
      const items = await pageThrough(
        'ssm',
        'DescribeInstanceInformation',
        5,
        async (limitKey, limit, token) => {
          const { body } = await jsonCall('ssm', 'DescribeInstanceInformation', {
            [limitKey]: limit,
            ...(token ? { NextToken: token } : {}),
          });
          return {
            items: body.InstanceInformationList as unknown[],
            token: body.NextToken as string | undefined,
          };
        },
      );
      expect(items).toHaveLength(5 + 23 + 1);
      await jsonCall('ssm', 'DescribeInstanceInformation', {
        Filters: [{ Key: 'ResourceType', Values: ['Document'] }],
      });
      await jsonCall('ssm', 'DescribeInstanceInformation', { Filters: [{ Key: 'Colour', Values: ['x'] }] });
      await jsonCall('ssm', 'DescribeInstanceInformation', { NextToken: 'bogus' });
      await jsonCall('ssm', 'DescribeInstanceInformation', { MaxResults: 1 });
    });

    it('SSM StartSession, ResumeSession, TerminateSession and DescribeSessions (both states, every page)', async () => {
      const ids: string[] = [];
      for (const DocumentName of [
        'SSM-SessionManagerRunShell',
        'AWS-StartPortForwardingSession',
        'AWS-StartSSHSession',
      ]) {
        const { body } = await jsonCall('ssm', 'StartSession', {
          Target: 'i-0a1b2c3d4e5f60718',
          DocumentName,
          Reason: 'conformance',
        });
        ids.push(body.SessionId as string);
      }
      await jsonCall('ssm', 'ResumeSession', { SessionId: ids[0] });
      await jsonCall('ssm', 'TerminateSession', { SessionId: ids[1] });
      const active = await pageThrough('ssm', 'DescribeSessions', 1, async (limitKey, limit, token) => {
        const { body } = await jsonCall('ssm', 'DescribeSessions', {
          State: 'Active',
          [limitKey]: limit,
          ...(token ? { NextToken: token } : {}),
        });
        return { items: body.Sessions as unknown[], token: body.NextToken as string | undefined };
      });
      expect(active.length).toBeGreaterThanOrEqual(2);
      const history = await jsonCall('ssm', 'DescribeSessions', { State: 'History' });
      expect((history.body.Sessions as unknown[]).length).toBeGreaterThanOrEqual(1);
      await jsonCall('ssm', 'StartSession', { Target: 'i-0e5f60718293a4b5c' });
      await jsonCall('ssm', 'StartSession', { Target: 'i-0a1b2c3d4e5f60718', DocumentName: 'Nope-Document' });
      await jsonCall('ssm', 'StartSession', { Target: 'i-0a1b2c3d4e5f60718', Reason: 'a\nb' });
      await jsonCall('ssm', 'ResumeSession', { SessionId: 'demo-0000' });
      await jsonCall('ssm', 'DescribeSessions', { State: 'Active', NextToken: 'bogus' });
    });

    it('KMS GenerateDataKey and Decrypt, and their errors', async () => {
      const { body } = await jsonCall('kms', 'GenerateDataKey', {
        KeyId: 'alias/ssm',
        KeySpec: 'AES_256',
        EncryptionContext: { a: 'b' },
      });
      await jsonCall('kms', 'Decrypt', {
        CiphertextBlob: body.CiphertextBlob,
        EncryptionContext: { a: 'b' },
      });
      await jsonCall('kms', 'Decrypt', {
        CiphertextBlob: body.CiphertextBlob,
        EncryptionContext: { a: 'c' },
      });
      await jsonCall('kms', 'GenerateDataKey', { KeyId: 'alias/missing', KeySpec: 'AES_256' });
      await jsonCall('kms', 'GenerateDataKey', { KeyId: 'alias/x', KeySpec: 'AES_256', GrantTokens: ['g'] });
      await jsonCall('kms', 'Decrypt', { CiphertextBlob: body.CiphertextBlob, DryRun: true });
    });

    it('EC2 DescribeInstances: every page, one page without MaxResults, Windows and stopped instances, errors', async () => {
      const items = await pageThrough('ec2', 'DescribeInstances', 5, async (limitKey, limit, token) => {
        const { root } = await formCall('ec2', {
          Action: 'DescribeInstances',
          Version: '2016-11-15',
          [limitKey]: String(limit),
          ...(token ? { NextToken: token } : {}),
        });
        const set = root.children.find((child) => child.name === 'reservationSet') as XmlElement;
        return { items: set.children, token: findText(root, 'nextToken') };
      });
      // Hybrid nodes are not EC2 instances.
      expect(items).toHaveLength(5 + 23);
      const eu = await fetch(emulator.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: authorization('ec2', 'eu-west-1'),
        },
        body: 'Action=DescribeInstances&Version=2016-11-15',
      });
      expectXml('ec2', 'DescribeInstances', parseXml(await eu.text()));
      await formCall('ec2', {
        Action: 'DescribeInstances',
        Version: '2016-11-15',
        'InstanceId.1': 'i-0123456789abcdef0',
      });
      await formCall('ec2', { Action: 'DescribeInstances', Version: '2016-11-15', MaxResults: '2' });
    });

    it('STS GetCallerIdentity and AssumeRole', async () => {
      await formCall('sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' });
      const assumed = await formCall('sts', {
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: 'arn:aws:iam::123456789012:role/Admin',
        RoleSessionName: 'conformance',
      });
      expect(assumed.status).toBe(200);
      await formCall('sts', {
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: 'x',
        RoleSessionName: 'y',
      });
    });

    for (const [operation, list, item, notFound] of [
      ['DescribeDBInstances', 'DBInstances', 'DBInstance', 'DBInstanceIdentifier'],
      ['DescribeDBClusters', 'DBClusters', 'DBCluster', 'DBClusterIdentifier'],
    ] as const) {
      it(`RDS ${operation}: every page by Marker, and its errors`, async () => {
        const items = await pageThrough('rds', operation, 20, async (limitKey, limit, token) => {
          const { root } = await formCall('rds', {
            Action: operation,
            Version: '2014-10-31',
            [limitKey]: String(limit),
            ...(token ? { Marker: token } : {}),
          });
          const result = root.children.find((child) => child.name === `${operation}Result`) as XmlElement;
          const set = result.children.find((child) => child.name === list) as XmlElement;
          expect(set.children.every((child) => child.name === item)).toBe(true);
          return { items: set.children, token: findText(result, 'Marker') };
        });
        expect(items.length).toBeGreaterThan(25);
        await formCall('rds', { Action: operation, Version: '2014-10-31', [notFound]: 'no-such-db' });
        await formCall('rds', { Action: operation, Version: '2014-10-31', MaxRecords: '5' });
      });
    }

    /** A REST-JSON call (SSO portal or OIDC); errors are checked against the operation's error shapes. */
    const restCall = async (
      service: 'sso' | 'sso-oidc',
      operation: string,
      path: string,
      init: { method?: string; token?: string; body?: object } = {},
    ) => {
      const response = await fetch(`${emulator.endpoint}${path}`, {
        method: init.method ?? (init.body ? 'POST' : 'GET'),
        headers: {
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.token ? { 'x-amz-sso_bearer_token': init.token } : {}),
        },
        ...(init.body ? { body: JSON.stringify(init.body) } : {}),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status === 200) {
        expectJson(service, operation, body);
      } else {
        const code = response.headers.get('x-amzn-errortype') as string;
        expectDocumentedError(service, operation, code);
        const checker = new ShapeChecker(models[service]);
        checker.json(code, body);
        expect(checker.problems, `${service} ${operation} ${code} body`).toEqual([]);
      }
      return { status: response.status, body };
    };

    it('SSO OIDC RegisterClient, StartDeviceAuthorization and CreateToken (pending, granted, refreshed), and their errors', async () => {
      const client = (
        await restCall('sso-oidc', 'RegisterClient', '/client/register', {
          body: { clientName: 'conformance', clientType: 'public', scopes: ['sso:account:access'] },
        })
      ).body;
      const started = (
        await restCall('sso-oidc', 'StartDeviceAuthorization', '/device_authorization', {
          body: {
            clientId: client.clientId,
            clientSecret: client.clientSecret,
            startUrl: 'https://c.awsapps.com/start',
          },
        })
      ).body;
      const request = {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: started.deviceCode,
      };
      for (let i = 0; i < 3; i++) await restCall('sso-oidc', 'CreateToken', '/token', { body: request });
      expect(emulator.decideDeviceAuthorization(started.userCode as string, 'approve')).toBe(true);
      const token = await restCall('sso-oidc', 'CreateToken', '/token', { body: request });
      expect(token.status).toBe(200);
      await restCall('sso-oidc', 'CreateToken', '/token', {
        body: { ...request, grantType: 'refresh_token', refreshToken: token.body.refreshToken },
      });
      await restCall('sso-oidc', 'CreateToken', '/token', { body: request });
      await restCall('sso-oidc', 'CreateToken', '/token', { body: { ...request, grantType: 'password' } });
      await restCall('sso-oidc', 'StartDeviceAuthorization', '/device_authorization', {
        body: { clientId: 'nobody', clientSecret: 'x', startUrl: 'https://c.awsapps.com/start' },
      });
      await restCall('sso-oidc', 'RegisterClient', '/client/register', { body: { clientType: 'public' } });
    });

    it('SSO GetRoleCredentials, ListAccounts and ListAccountRoles (every page), and their errors', async () => {
      const token = 'conformance-token';
      await restCall(
        'sso',
        'GetRoleCredentials',
        '/federation/credentials?account_id=123456789012&role_name=ReadOnly',
        {
          token,
        },
      );
      const accounts = await pageThrough('sso', 'ListAccounts', 1, async (limitKey, limit, next) => {
        expect(limitKey).toBe('maxResults');
        const query = new URLSearchParams({
          max_result: String(limit),
          ...(next ? { next_token: next } : {}),
        });
        const { body } = await restCall('sso', 'ListAccounts', `/assignment/accounts?${query.toString()}`, {
          token,
        });
        return { items: body.accountList as unknown[], token: body.nextToken as string | undefined };
      });
      expect(accounts).toHaveLength(3);
      const roles = await pageThrough('sso', 'ListAccountRoles', 2, async (_limitKey, limit, next) => {
        const query = new URLSearchParams({
          account_id: '222222222222',
          max_result: String(limit),
          ...(next ? { next_token: next } : {}),
        });
        const { body } = await restCall('sso', 'ListAccountRoles', `/assignment/roles?${query.toString()}`, {
          token,
        });
        return { items: body.roleList as unknown[], token: body.nextToken as string | undefined };
      });
      expect(roles).toHaveLength(3);
      await restCall(
        'sso',
        'GetRoleCredentials',
        '/federation/credentials?account_id=123456789012&role_name=R',
        {
          token: 'expired-token',
        },
      );
      await restCall('sso', 'ListAccountRoles', '/assignment/roles?account_id=999999999999', { token });
      await restCall('sso', 'ListAccounts', '/assignment/accounts?max_result=1000', { token });
    });
  },
);

function findText(root: XmlElement, name: string): string | undefined {
  if (root.name === name && root.children.length === 0) return root.text;
  for (const child of root.children) {
    const found = findText(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
