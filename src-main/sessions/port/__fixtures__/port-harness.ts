import { connect, createServer, type Server, type Socket } from 'node:net';
import type { SessionEnd, SessionTypeContext } from '../../session-type.js';

/**
 * The data channel as a port forwarder sees it (its SessionTypeContext), recorded: the forwarders are
 * tested against real local sockets, with this standing in for the session.
 */
export class RecordingContext implements SessionTypeContext {
  readonly sessionId = 'session-1';
  readonly targetId = 'i-0123456789abcdef0';
  readonly sent: Array<{ type: number; payload: Buffer }> = [];
  readonly ends: SessionEnd[] = [];
  resumeDeliveries = 0;
  terminateCalls = 0;
  /** What send() answers: false means the window is full. */
  windowOpen = true;
  private writableWaiters: Array<() => void> = [];
  private readonly watchers = new Set<() => void>();

  constructor(
    readonly agentVersion = '3.3.0.0',
    readonly properties: unknown = null,
  ) {}

  send(payloadType: number, payload: Uint8Array): boolean {
    this.sent.push({ type: payloadType, payload: Buffer.from(payload) });
    this.notify();
    return this.windowOpen;
  }
  writable(): Promise<void> {
    return this.windowOpen ? Promise.resolve() : new Promise((resolve) => this.writableWaiters.push(resolve));
  }
  /** The window has room again: wakes writable() waiters. */
  openWindow(): void {
    this.windowOpen = true;
    for (const wake of this.writableWaiters.splice(0)) wake();
  }
  acknowledged(): Promise<void> {
    return Promise.resolve();
  }
  resumeDelivery(): void {
    this.resumeDeliveries++;
  }
  end(end: SessionEnd): void {
    this.ends.push(end);
    this.notify();
  }
  terminateSession(): Promise<void> {
    this.terminateCalls++;
    return Promise.resolve();
  }
  diagnostic(): void {}

  /** Sent payloads of one type, concatenated. */
  bytes(type: number): Buffer {
    return Buffer.concat(this.sent.filter((m) => m.type === type).map((m) => m.payload));
  }

  /** Resolves once `condition` holds, re-checked after every send() and end(). */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  private notify(): void {
    for (const check of [...this.watchers]) check();
  }
}

/** Real TCP connection pairs on 127.0.0.1: `user` is the local application, `accepted` what a forwarder gets. */
export class SocketPairs {
  private server: Server | undefined;
  private readonly sockets: Socket[] = [];
  private readonly pending: Array<(socket: Socket) => void> = [];

  async pair(): Promise<{ user: Socket; accepted: Socket }> {
    if (!this.server) {
      this.server = createServer({ pauseOnConnect: true }, (socket) => {
        this.sockets.push(socket);
        this.pending.shift()?.(socket);
      });
      await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    }
    const address = this.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const accepted = new Promise<Socket>((resolve) => this.pending.push(resolve));
    const user = connect(port, '127.0.0.1');
    this.sockets.push(user);
    return { user, accepted: await accepted };
  }

  /** Ends every connection and the server; the next pair() starts a new one. */
  close(): Promise<void> {
    for (const socket of this.sockets.splice(0)) socket.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

/** Reads from `socket` until `length` bytes have arrived. */
export function readBytes(socket: Socket, length: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      total += chunk.length;
      if (total < length) return;
      socket.removeListener('data', onData);
      socket.removeListener('error', reject);
      resolve(Buffer.concat(chunks));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Resolves when the socket is closed (now or later). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
}
