import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadType } from '../../protocol/codec/message-type.js';
import type { AgentPluginContext } from '../agent/agent-plugin.js';
import { PortPlugin } from '../agent/port-plugin.js';
import { completeDatabase } from './databases.js';
import { destinationResolver, splitHostPort } from './host-map.js';
import { parseEmulatorConfig } from './load-config.js';

describe('destinationResolver (the host map)', () => {
  const [orders] = completeDatabase({
    identifier: 'orders',
    region: 'us-east-1',
    engine: 'postgres',
    localPort: 15432,
  });
  const aurora = completeDatabase({
    identifier: 'olap',
    region: 'us-east-1',
    engine: 'aurora-mysql',
    localPort: 13306,
  });
  const resolve = destinationResolver({
    instances: [],
    preferences: {},
    databases: [orders!, ...aurora],
    hostMap: {
      'cache.internal:6379': '127.0.0.1:16379',
      'intranet.example': 'localhost',
      'ORDERS.example:80': '127.0.0.2',
    },
  });

  it('sends a database endpoint on its port to the loopback port the database stands for', () => {
    expect(resolve(orders!.endpoint, 5432)).toEqual({ host: '127.0.0.1', port: 15432 });
    expect(resolve(orders!.endpoint.toUpperCase(), 5432)).toEqual({ host: '127.0.0.1', port: 15432 });
    // Another port on the same name is not the database.
    expect(resolve(orders!.endpoint, 22)).toEqual({ host: orders!.endpoint, port: 22 });
    const cluster = aurora[0]!;
    expect(resolve(cluster.endpoint, 3306)).toEqual({ host: '127.0.0.1', port: 13306 });
    expect(resolve(cluster.readerEndpoint!, 3306)).toEqual({ host: '127.0.0.1', port: 13306 });
    expect(resolve(aurora[1]!.endpoint, 3306)).toEqual({ host: '127.0.0.1', port: 13306 });
  });

  it('applies hostMap entries: host:port exactly, a bare host keeping the port; leaves the rest alone', () => {
    expect(resolve('cache.internal', 6379)).toEqual({ host: '127.0.0.1', port: 16379 });
    expect(resolve('intranet.example', 8443)).toEqual({ host: 'localhost', port: 8443 });
    expect(resolve('orders.example', 80)).toEqual({ host: '127.0.0.2', port: 80 });
    expect(resolve('localhost', 22)).toEqual({ host: 'localhost', port: 22 });
  });

  it('splits host:port forms', () => {
    expect(splitHostPort('a.b:80')).toEqual({ host: 'a.b', port: 80 });
    expect(splitHostPort('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(splitHostPort('a.b')).toEqual({ host: 'a.b', port: undefined });
  });

  it('only maps to loopback addresses, and checks databases in the config file', () => {
    expect(() => parseEmulatorConfig({ hostMap: { 'db.internal': '10.0.0.5:5432' } }, 'c.json')).toThrow(
      'c.json: hostMap.db.internal must map to a loopback address (got "10.0.0.5:5432")',
    );
    expect(() =>
      parseEmulatorConfig(
        { databases: [{ identifier: 'x', region: 'us-east-1', engine: 'oracle-ee' }] },
        'c.json',
      ),
    ).toThrow(
      'c.json: databases[0].engine must be one of postgres, mysql, mariadb, aurora-postgresql, aurora-mysql',
    );
    expect(() =>
      parseEmulatorConfig(
        { databases: [{ identifier: 'x', region: 'us-east-1', engine: 'postgres', instances: 2 }] },
        'c.json',
      ),
    ).toThrow('c.json: databases[0].instances is only for Aurora engines');
    const config = parseEmulatorConfig(
      {
        databases: [
          {
            identifier: 'olap',
            region: 'eu-west-1',
            engine: 'aurora-postgresql',
            instances: 3,
            localPort: 15433,
          },
        ],
      },
      'c.json',
    );
    expect(config.databases?.map((database) => [database.kind, database.identifier])).toEqual([
      ['cluster', 'olap'],
      ['instance', 'olap-instance-1'],
      ['instance', 'olap-instance-2'],
      ['instance', 'olap-instance-3'],
    ]);
  });
});

describe('a port session to an RDS endpoint reaches the local server the database stands for', () => {
  let server: Server;
  let localPort: number;
  const received: Buffer[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      socket.on('data', (data: Buffer) => {
        received.push(data);
        socket.write(Buffer.concat([Buffer.from('pong:'), data]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    localPort = (server.address() as AddressInfo).port;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('through the simulated agent port plugin (basic mode)', async () => {
    const [database] = completeDatabase({
      identifier: 'orders',
      region: 'us-east-1',
      engine: 'postgres',
      localPort,
    });
    const resolve = destinationResolver({ instances: [], preferences: {}, databases: [database!] });
    const sent: Buffer[] = [];
    let ready!: () => void;
    const connected = new Promise<void>((resolveReady) => (ready = resolveReady));
    const context: AgentPluginContext = {
      sessionId: 'test-session',
      instanceId: 'i-0a1b2c3d4e5f60718',
      properties: { host: database!.endpoint, portNumber: '5432', type: 'LocalPortForwarding' },
      // A client too old for mux, so the plugin forwards in basic mode: bytes in, bytes out.
      clientVersion: '1.0.0.0',
      pace: 'fast',
      resolveDestination: resolve,
      send: (type, payload) => {
        if (type === PayloadType.Output) sent.push(payload);
      },
      isActive: () => true,
      ready: () => ready(),
      finish: () => undefined,
      log: () => undefined,
    };
    const plugin = new PortPlugin(context, '3.3.1611.0');
    plugin.start();
    try {
      await connected;
      plugin.onInput({ payloadType: PayloadType.Output, payload: Buffer.from('ping') } as Parameters<
        PortPlugin['onInput']
      >[0]);
      await expect.poll(() => Buffer.concat(sent).toString()).toBe('pong:ping');
      expect(Buffer.concat(received).toString()).toBe('ping');
    } finally {
      plugin.cancel();
    }
  });
});
