import { execFile } from 'node:child_process';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedDatabase, Emulator } from '../src-main/emulator/index.js';
import { completeDatabase } from '../src-main/emulator/inventory/databases.js';
import { awsCliEnvironment, findAwsClis } from './support/aws-cli.js';
import { cliHome, startForward } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';

const run = promisify(execFile);

/** A stand-in database: answers every chunk with `pong:` and the chunk. */
async function pongServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) =>
    socket.on('data', (data: Buffer) => socket.write(Buffer.concat([Buffer.from('pong:'), data]))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(text));
    let answer = '';
    socket.on('data', (data: Buffer) => {
      answer += data.toString();
      if (answer.length >= `pong:${text}`.length) {
        socket.end();
        resolve(answer);
      }
    });
    socket.on('error', reject);
  });
}

// Issue 10 §1: database tunnels end to end. RDS lists what the config says (real AWS CLIs read it,
// following Marker), and a RemoteHost forward to an RDS endpoint reaches the local server that the
// emulator's host map puts behind that endpoint.
describe('RDS databases on the emulator', () => {
  let emulator: Emulator;
  let database: { server: Server; port: number };
  let orders: EmulatedDatabase;

  beforeAll(async () => {
    database = await pongServer();
    emulator = await startEmulator((config) => {
      config.databases = [
        ...completeDatabase({
          identifier: 'orders',
          region: 'us-east-1',
          engine: 'postgres',
          localPort: database.port,
        }),
        ...Array.from({ length: 45 }, (_, i) =>
          completeDatabase({ identifier: `fleet-${i}`, region: 'us-east-1', engine: 'mysql' }),
        ).flat(),
        ...completeDatabase({
          identifier: 'olap',
          region: 'us-east-1',
          engine: 'aurora-postgresql',
          instances: 2,
        }),
      ];
    });
    orders = emulator.config.databases![0]!;
  });
  afterAll(async () => {
    database?.server.close();
    await emulator?.close();
  });

  for (const cli of findAwsClis()) {
    it(`AWS CLI ${cli.label} lists every instance page by page, and the clusters`, async () => {
      const env = awsCliEnvironment(emulator.endpoint);
      const common = ['--endpoint-url', emulator.endpoint, '--region', 'us-east-1', '--output', 'json'];
      const instances = await run(
        cli.path,
        ['rds', 'describe-db-instances', '--page-size', '20', ...common],
        { env },
      );
      const { DBInstances } = JSON.parse(instances.stdout) as {
        DBInstances: Array<{ DBInstanceIdentifier: string; Endpoint: { Address: string; Port: number } }>;
      };
      expect(DBInstances).toHaveLength(1 + 45 + 2);
      expect(DBInstances[0]).toMatchObject({
        DBInstanceIdentifier: 'orders',
        Endpoint: { Address: orders.endpoint, Port: 5432 },
      });
      const clusters = await run(cli.path, ['rds', 'describe-db-clusters', ...common], { env });
      const { DBClusters } = JSON.parse(clusters.stdout) as {
        DBClusters: Array<{ DBClusterIdentifier: string; DBClusterMembers: unknown[]; Port: number }>;
      };
      expect(
        DBClusters.map((cluster) => [
          cluster.DBClusterIdentifier,
          cluster.DBClusterMembers.length,
          cluster.Port,
        ]),
      ).toEqual([['olap', 2, 5432]]);
      const missing = await run(
        cli.path,
        ['rds', 'describe-db-instances', '--db-instance-identifier', 'nope', ...common],
        {
          env,
        },
      ).catch((error: { stderr: string }) => error);
      expect(missing.stderr).toContain(
        'An error occurred (DBInstanceNotFound) when calling the DescribeDBInstances operation: DBInstance nope not found.',
      );
    });
  }

  it('ssm-desk forward to the RDS endpoint through web-1 reaches the database behind it', async () => {
    const { env } = cliHome(emulator.endpoint, { withEnvKeys: true });
    const command = startForward(emulator.endpoint, env, 'web-1', [
      '--region',
      'us-east-1',
      '-L',
      `0:${orders.endpoint}:5432`,
    ]);
    try {
      const [, port] = await command.waitFor(/Forwarding 127\.0\.0\.1:(\d+) -> \S+:5432/);
      expect(await exchange(Number(port), 'SELECT 1')).toBe('pong:SELECT 1');
      const session = emulator.sessions.list().find((record) => record.target === 'i-0a1b2c3d4e5f60718');
      expect(session?.documentName).toBe('AWS-StartPortForwardingSessionToRemoteHost');
      expect(session?.parameters.host).toEqual([orders.endpoint]);
      expect(await command.interrupt()).toBe(0);
    } finally {
      command.kill();
    }
  });
});
