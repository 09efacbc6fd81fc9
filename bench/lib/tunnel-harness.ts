import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Session } from '../../src-main/sessions/session.js';
import type { SessionEnd } from '../../src-main/sessions/session-type.js';
import { PortSession } from '../../src-main/sessions/port/port-session.js';
import {
  instanceWithAgent,
  openSession,
  startBenchEmulator,
  type BenchEmulator,
} from './emulator-session.js';
import { withTimeout } from './stats.js';
import { drainedOrClosed } from '../../src-main/sessions/port/socket-drained.js';

/**
 * The destination behind the tunnel: a TCP server on 127.0.0.1 speaking a one-command protocol.
 *   'U' + u64 n : count n bytes, then answer 'K'      (upload)
 *   'D' + u64 n : send n bytes                        (download)
 *   'E'         : echo everything after it            (setup latency, churn)
 */
export class Destination {
  /** Bytes counted by all 'U' commands so far. */
  uploaded = 0;
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<Destination> {
    const server = createServer({ noDelay: true });
    const destination = new Destination(server);
    server.on('connection', (socket) => destination.handle(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return destination;
  }

  get port(): number {
    const address = this.server.address();
    if (typeof address !== 'object' || !address) throw new Error('destination is not listening');
    return address.port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let header = Buffer.alloc(0);
    const onHeader = (chunk: Buffer): void => {
      header = Buffer.concat([header, chunk]);
      const command = String.fromCharCode(header[0] as number);
      if (command === 'E') {
        socket.removeListener('data', onHeader);
        if (header.length > 1) socket.write(header.subarray(1));
        socket.on('data', (data: Buffer) => socket.write(data));
        return;
      }
      if (command !== 'U' && command !== 'D') {
        socket.destroy();
        return;
      }
      if (header.length < 9) return;
      socket.removeListener('data', onHeader);
      const total = Number(header.readBigUInt64BE(1));
      const rest = header.subarray(9);
      if (command === 'U') this.countUpload(socket, total, rest);
      else void sendBytes(socket, total);
    };
    socket.on('data', onHeader);
  }

  private countUpload(socket: Socket, total: number, first: Buffer): void {
    let received = 0;
    const count = (data: Buffer): void => {
      received += data.length;
      this.uploaded += data.length;
      if (received >= total) {
        socket.removeListener('data', count);
        socket.write('K');
      }
    };
    socket.on('data', count);
    if (first.length > 0) count(first);
  }
}

const BLOCK = Buffer.alloc(64 * 1024, 0x5a);

/** Writes n bytes, honouring backpressure. */
async function sendBytes(socket: Socket, total: number): Promise<void> {
  let left = total;
  while (left > 0 && !socket.destroyed) {
    const piece = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
    left -= piece.length;
    if (!socket.write(piece)) await drainedOrClosed(socket);
  }
}

export function command(kind: 'U' | 'D', bytes: number): Buffer {
  const header = Buffer.alloc(9);
  header.write(kind, 0, 'latin1');
  header.writeBigUInt64BE(BigInt(bytes), 1);
  return header;
}

/** Connects to the tunnel's local listener. */
export function connectLocal(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export interface Transfer {
  bytes: number;
  ms: number;
  cpuMicros: number;
}

/** Uploads n bytes through the tunnel; done when the destination has counted them all ('K'). */
export async function upload(localPort: number, bytes: number, timeoutMs: number): Promise<Transfer> {
  const socket = await connectLocal(localPort);
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const acknowledged = new Promise<void>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        if (data.includes(0x4b)) resolve();
      });
      socket.once('close', () => reject(new Error('the tunnel closed the connection during the upload')));
    });
    socket.write(command('U', bytes));
    await withTimeout(
      Promise.all([sendBytes(socket, bytes), acknowledged]),
      timeoutMs,
      `upload of ${bytes} bytes`,
    );
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { bytes, ms, cpuMicros: used.user + used.system };
  } finally {
    await closeSocket(socket);
  }
}

/** Downloads n bytes through the tunnel. */
export async function download(localPort: number, bytes: number, timeoutMs: number): Promise<Transfer> {
  const socket = await connectLocal(localPort);
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let received = 0;
    const done = new Promise<void>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        received += data.length;
        if (received >= bytes) resolve();
      });
      socket.once('close', () =>
        reject(new Error(`the tunnel closed the connection after ${received} of ${bytes} bytes`)),
      );
    });
    socket.write(command('D', bytes));
    await withTimeout(done, timeoutMs, `download of ${bytes} bytes (got ${received})`).catch(
      (error: Error) => {
        throw new Error(`${error.message}; received ${received} bytes`);
      },
    );
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { bytes, ms, cpuMicros: used.user + used.system };
  } finally {
    await closeSocket(socket);
  }
}

/** Local connect → 'E' + one byte → the byte back; returns ms from connect() to the echoed byte. */
export async function echoOnce(localPort: number, payload: Buffer, timeoutMs: number): Promise<number> {
  const start = performance.now();
  const socket = await connectLocal(localPort);
  try {
    let received = 0;
    const echoed = new Promise<void>((resolve, reject) => {
      socket.on('data', (data: Buffer) => {
        received += data.length;
        if (received >= payload.length) resolve();
      });
      socket.once('close', () => reject(new Error('the tunnel closed the connection before the echo')));
    });
    socket.write(Buffer.concat([Buffer.from('E'), payload]));
    await withTimeout(echoed, timeoutMs, 'echo through the tunnel');
    return performance.now() - start;
  } finally {
    await closeSocket(socket);
  }
}

/** Ends the socket and waits until it is closed (basic mode takes the next connection only then). */
export async function closeSocket(socket: Socket): Promise<void> {
  if (socket.destroyed) return;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.end();
  await withTimeout(closed, 2_000, 'local socket close').catch(() => socket.destroy());
}

export interface Tunnel {
  bench: BenchEmulator;
  destination: Destination;
  session: Session;
  port: PortSession;
  localPort: number;
  close(): Promise<void>;
}

/** Emulator + destination + StartSession(AWS-StartPortForwardingSession) + PortSession on 127.0.0.1:0. */
export async function openTunnel(
  pace: 'fast' | 'real',
  agentVersion: string,
  // BENCH_EMULATOR_PROCESS=1 runs the emulator in its own process (the client then has a core to itself).
  separateProcess = process.env.BENCH_EMULATOR_PROCESS === '1',
): Promise<Tunnel> {
  const bench = await startBenchEmulator(pace, undefined, { separateProcess });
  const destination = await Destination.start();
  try {
    const target = instanceWithAgent(bench, agentVersion).instanceId;
    let resolvePort: (port: PortSession) => void = () => undefined;
    const portReady = new Promise<PortSession>((resolve) => (resolvePort = resolve));
    const session = await openSession(
      bench,
      {
        target,
        documentName: 'AWS-StartPortForwardingSession',
        parameters: { portNumber: [String(destination.port)], localPortNumber: ['0'] },
      },
      {
        Port: async (context) => {
          const port = await PortSession.create(context, {
            print: () => undefined,
            listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
          });
          resolvePort(port);
          return port;
        },
      },
    );
    const ended = session.done.then((end) => {
      throw new Error(`the session ended before the tunnel was ready: ${describeEnd(end)}`);
    });
    ended.catch(() => undefined);
    const port = await withTimeout(Promise.race([portReady, ended]), 15_000, 'port session start');
    const localPort = port.localListener?.port;
    if (localPort === undefined) throw new Error('the port session has no TCP listener');
    return {
      bench,
      destination,
      session,
      port,
      localPort,
      async close() {
        session.end({ kind: 'local', reason: 'benchmark done' });
        await withTimeout(session.done, 5_000, 'session end').catch(() => undefined);
        await destination.close();
        await bench.close();
      },
    };
  } catch (error) {
    await destination.close();
    await bench.close();
    throw error;
  }
}

export function describeEnd(end: SessionEnd): string {
  switch (end.kind) {
    case 'failed':
      return `failed: ${end.error.message}`;
    case 'closed':
      return `channel_closed ${JSON.stringify(end.output)}`;
    case 'local':
    case 'input-ended':
      return `${end.kind}: ${end.reason}`;
    default:
      return end.kind;
  }
}
