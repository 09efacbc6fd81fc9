import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A CONNECT request the proxy accepted; the handler must carry `socket` to host:port or refuse it. */
export interface SocksConnect {
  host: string;
  port: number;
  socket: Socket;
  /** Sends the success reply; call before piping data. */
  accept(): void;
  /** Sends a failure reply (general failure) and closes. */
  refuse(): void;
}

const VERSION = 5;
const NO_AUTH = 0;
const CMD_CONNECT = 1;
const ATYP_IPV4 = 1;
const ATYP_DOMAIN = 3;
const ATYP_IPV6 = 4;
const REPLY_SUCCESS = 0;
const REPLY_FAILURE = 1;
const REPLY_COMMAND_NOT_SUPPORTED = 7;
const REPLY_ADDRESS_NOT_SUPPORTED = 8;
/** A client that has not finished the handshake by then is dropped. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * A minimal SOCKS5 server (RFC 1928): no authentication, CONNECT only, IPv4/domain/IPv6 addresses.
 * Everything else is answered with the RFC's error replies, and malformed input closes the socket.
 */
export async function startSocks5Server(
  bind: { host: string; port: number },
  onConnect: (request: SocksConnect) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => handshake(socket, onConnect));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

function handshake(socket: Socket, onConnect: (request: SocksConnect) => void): void {
  let buffered = Buffer.alloc(0);
  let stage: 'greeting' | 'request' = 'greeting';
  const timer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS);
  socket.on('error', () => socket.destroy());
  const reply = (code: number): Buffer => Buffer.from([VERSION, code, 0, ATYP_IPV4, 0, 0, 0, 0, 0, 0]);
  const onData = (data: Buffer): void => {
    buffered = Buffer.concat([buffered, data]);
    if (stage === 'greeting') {
      if (buffered.length < 2) return;
      const methods = buffered[1] ?? 0;
      if (buffered[0] !== VERSION) return void socket.destroy();
      if (buffered.length < 2 + methods) return;
      const offered = buffered.subarray(2, 2 + methods);
      buffered = buffered.subarray(2 + methods);
      if (!offered.includes(NO_AUTH)) {
        socket.end(Buffer.from([VERSION, 0xff]));
        return;
      }
      socket.write(Buffer.from([VERSION, NO_AUTH]));
      stage = 'request';
    }
    if (buffered.length < 5) return;
    if (buffered[0] !== VERSION) return void socket.destroy();
    const command = buffered[1];
    const type = buffered[3];
    let host: string;
    let end: number;
    if (type === ATYP_IPV4) {
      end = 4 + 4;
      if (buffered.length < end + 2) return;
      host = [...buffered.subarray(4, 8)].join('.');
    } else if (type === ATYP_DOMAIN) {
      const length = buffered[4] ?? 0;
      end = 5 + length;
      if (buffered.length < end + 2) return;
      host = buffered.subarray(5, end).toString('utf8');
    } else if (type === ATYP_IPV6) {
      end = 4 + 16;
      if (buffered.length < end + 2) return;
      const words: string[] = [];
      for (let i = 0; i < 8; i++) words.push(buffered.readUInt16BE(4 + i * 2).toString(16));
      host = words.join(':');
    } else {
      socket.end(reply(REPLY_ADDRESS_NOT_SUPPORTED));
      return;
    }
    const port = buffered.readUInt16BE(end);
    const rest = buffered.subarray(end + 2);
    socket.off('data', onData);
    clearTimeout(timer);
    if (command !== CMD_CONNECT) {
      socket.end(reply(REPLY_COMMAND_NOT_SUPPORTED));
      return;
    }
    socket.pause();
    if (rest.length > 0) socket.unshift(rest);
    onConnect({
      host,
      port,
      socket,
      accept: () => {
        socket.write(reply(REPLY_SUCCESS));
        socket.resume();
      },
      refuse: () => socket.end(reply(REPLY_FAILURE)),
    });
  };
  socket.on('data', onData);
}
