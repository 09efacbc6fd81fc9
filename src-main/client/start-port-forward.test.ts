import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForwardStats } from '../../src-shared/model/forward-stats.js';
import { AwsContext } from '../aws/aws-context.js';
import { Emulator } from '../emulator/index.js';
import type { TunnelEvent } from './resilient-tunnel.js';
import { startSocksProxy } from './socks-proxy.js';
import { startPortForward } from './start-port-forward.js';

const TARGET = 'i-0a1b2c3d4e5f60718';

/** Sends `text` through a TCP connection to `port` and resolves with the echo. */
function echoThrough(
  port: number,
  text: string,
  socket: Socket = connect(port, '127.0.0.1'),
): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    socket.on('data', (data: Buffer) => {
      received += data.toString();
      if (received.length >= text.length) {
        socket.end();
        resolve(received);
      }
    });
    socket.on('error', reject);
    socket.write(text);
  });
}

/** A SOCKS5 CONNECT to 127.0.0.1:`port` through the proxy; resolves with the socket after the reply. */
function socksConnect(proxyPort: number, port: number): Promise<{ socket: Socket; reply: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1');
    let stage = 0;
    socket.on('error', reject);
    socket.on('data', function onData(data: Buffer) {
      if (stage === 0) {
        stage = 1;
        socket.write(Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, port >> 8, port & 0xff]));
        return;
      }
      socket.off('data', onData);
      resolve({ socket, reply: data[1] ?? -1 });
    });
    socket.write(Buffer.from([5, 1, 0]));
  });
}

describe('port forwards and the SOCKS proxy through the emulator', () => {
  let emulator: Emulator;
  let aws: AwsContext;
  let echo: Server;
  let echoPort: number;
  beforeAll(async () => {
    emulator = await Emulator.start();
    aws = await AwsContext.create({
      region: 'us-east-1',
      endpointUrl: emulator.endpoint,
      env: { AWS_ACCESS_KEY_ID: 'AKIAFORWARDTEST00001', AWS_SECRET_ACCESS_KEY: 'forward-test-secret' },
    });
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(async () => {
    echo?.close();
    await emulator?.close();
  });

  it('pushes its state and counters as events, keeps its id, and aborting its signal closes it', async () => {
    const controller = new AbortController();
    const states: TunnelEvent[] = [];
    const forward = await startPortForward(aws, {
      target: TARGET,
      remotePort: echoPort,
      signal: controller.signal,
      onStateChange: (event) => states.push(event),
    });
    expect(states).toEqual([{ state: 'open', sessionId: forward.sessionId, detail: 'new session' }]);
    const stats: ForwardStats[] = [];
    forward.on('stats', (value) => stats.push(value));
    const laterStates: TunnelEvent[] = [];
    forward.on('state', (event) => laterStates.push(event));
    expect(await echoThrough(forward.localPort, 'ping-through-the-tunnel')).toBe('ping-through-the-tunnel');
    await new Promise<void>((resolve) => forward.once('stats', () => resolve()));
    expect(stats.at(-1)?.connectionsTotal).toBe(1);
    expect(forward.id).toMatch(/^[0-9a-f-]{36}$/);

    controller.abort();
    expect(await forward.done).toEqual({ kind: 'local', reason: 'closed' });
    expect(laterStates).toEqual([{ state: 'closed', sessionId: forward.sessionId }]);
    const refused = await new Promise<string>((resolve) =>
      connect(forward.localPort, '127.0.0.1').once('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code ?? ''),
      ),
    );
    expect(refused).toBe('ECONNREFUSED');
  });

  it('a port already in use is the ClientError address-in-use', async () => {
    const taken = (echo.address() as { port: number }).port;
    await expect(
      startPortForward(aws, { target: TARGET, remotePort: 22, localPort: taken }),
    ).rejects.toMatchObject({
      name: 'ClientError',
      code: 'address-in-use',
    });
  });

  it('startSocksProxy: one tunnel per destination, shared, closed with the proxy', async () => {
    const opened: string[] = [];
    const proxy = await startSocksProxy(aws, { target: TARGET });
    proxy.on('tunnel', (destination) => opened.push(destination));
    for (const text of ['first', 'second']) {
      const { socket, reply } = await socksConnect(proxy.localPort, echoPort);
      expect(reply).toBe(0);
      expect(await echoThrough(0, text, socket)).toBe(text);
    }
    expect(opened).toEqual([`127.0.0.1:${echoPort}`]);
    expect([...proxy.tunnels.keys()]).toEqual([`127.0.0.1:${echoPort}`]);
    const tunnel = proxy.tunnels.get(`127.0.0.1:${echoPort}`);
    await proxy.close();
    expect(await tunnel?.done).toEqual({ kind: 'local', reason: 'closed' });
  });
});
