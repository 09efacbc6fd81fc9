import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import {
  Reply,
  methodReply,
  parseGreeting,
  parseRequest,
  replyBytes,
  METHOD_NO_AUTH,
} from './socks5-parser.js';

/** A CONNECT request the proxy accepted; the handler must carry `socket` to host:port or refuse it. */
export interface SocksConnect {
  host: string;
  port: number;
  socket: Socket;
  /** Sends the success reply. The socket stays paused: whoever carries it resumes it. */
  accept(): void;
  /** Sends a failure reply (general failure) and closes. */
  refuse(): void;
}

/** A client that has not finished the handshake by then is dropped. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface Socks5Server {
  readonly server: Server;
  readonly port: number;
  /** Stops listening, and drops connections still in their handshake. */
  close(): Promise<void>;
}

/**
 * A minimal SOCKS5 server (RFC 1928): no authentication, CONNECT only, IPv4/domain/IPv6 addresses,
 * over the pure parser in socks5-parser.ts. Everything else gets the RFC's error replies; input that
 * is not SOCKS5 closes the socket.
 */
export async function startSocks5Server(
  bind: { host: string; port: number },
  onConnect: (request: SocksConnect) => void,
): Promise<Socks5Server> {
  const handshaking = new Set<Socket>();
  const server = createServer((socket) => handshake(socket, handshaking, onConnect));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => resolve());
  });
  server.removeAllListeners('error');
  server.on('error', () => undefined);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of handshaking) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function handshake(
  socket: Socket,
  handshaking: Set<Socket>,
  onConnect: (request: SocksConnect) => void,
): void {
  let buffered = Buffer.alloc(0);
  let stage: 'greeting' | 'request' = 'greeting';
  handshaking.add(socket);
  const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
  const done = (): void => {
    clearTimeout(timer);
    handshaking.delete(socket);
    socket.off('data', onData);
  };
  socket.once('close', done);
  socket.on('error', () => socket.destroy());
  const fail = (reply?: Uint8Array): void => {
    done();
    if (reply) socket.end(reply);
    else socket.destroy();
  };
  const onData = (data: Buffer): void => {
    buffered = Buffer.concat([buffered, data]);
    if (stage === 'greeting') {
      const greeting = parseGreeting(buffered);
      if (greeting.kind === 'incomplete') return;
      if (greeting.kind === 'invalid') return fail();
      buffered = buffered.subarray(greeting.consumed);
      socket.write(methodReply(greeting.methods));
      if (!greeting.methods.includes(METHOD_NO_AUTH)) return fail(new Uint8Array());
      stage = 'request';
    }
    const request = parseRequest(buffered);
    switch (request.kind) {
      case 'incomplete':
        return;
      case 'invalid':
        return fail(request.reply !== undefined ? replyBytes(request.reply) : undefined);
      case 'unsupported-address':
        return fail(replyBytes(Reply.addressTypeNotSupported));
      case 'unsupported-command':
        return fail(replyBytes(Reply.commandNotSupported));
      case 'connect': {
        done();
        const rest = buffered.subarray(request.consumed);
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        onConnect({
          host: request.host,
          port: request.port,
          socket,
          accept: () => void socket.write(replyBytes(Reply.succeeded)),
          refuse: () => socket.end(replyBytes(Reply.generalFailure)),
        });
      }
    }
  };
  socket.on('data', onData);
}
