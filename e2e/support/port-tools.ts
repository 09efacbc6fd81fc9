import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer as createHttpServer, get, request as httpRequest, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo } from 'node:net';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * An HTTP server on 127.0.0.1 serving `count` random files of `size` bytes at /f/<n>; a POST to /hash
 * answers with the SHA-256 (hex) of the request body, so one port carries traffic both ways.
 */
export async function startFileServer(
  count: number,
  size: number,
): Promise<{ server: Server; port: number; hashes: string[] }> {
  const files = Array.from({ length: count }, () => randomBytes(size));
  const server = createHttpServer((request, response) => {
    if (request.method === 'POST' && request.url === '/hash') {
      const hash = createHash('sha256');
      request.on('data', (data: Buffer) => hash.update(data));
      request.on('end', () => response.writeHead(200).end(hash.digest('hex')));
      return;
    }
    const index = Number(/^\/f\/(\d+)$/.exec(request.url ?? '')?.[1] ?? -1);
    const file = files[index];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': file.length, 'content-type': 'application/octet-stream' });
    response.end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hashes: files.map(sha256) };
}

/** POST `body` to http://127.0.0.1:port/hash with a fresh connection; resolves with the answer. */
export function uploadForHash(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/hash',
        method: 'POST',
        agent: false,
        headers: { 'content-length': body.length },
      },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (data: Buffer) => parts.push(data));
        response.on('end', () => resolve(Buffer.concat(parts).toString()));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** GET http://127.0.0.1:port/path with a fresh connection; resolves with the body. */
export function download(port: number, path: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (data: Buffer) => parts.push(data));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(Buffer.concat(parts))
          : reject(new Error(`HTTP ${response.statusCode}`)),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * A TCP server that reads an 8-byte length and that many bytes, then answers with their SHA-256 (hex).
 * It never relies on half-close, which port forwarding does not carry (spec §7.3).
 */
export async function startHashServer(): Promise<{ close: () => void; port: number }> {
  const server = createTcpServer((socket) => {
    const hash = createHash('sha256');
    let header = Buffer.alloc(0);
    let remaining: number | undefined;
    socket.on('data', (data: Buffer) => {
      let chunk = data;
      if (remaining === undefined) {
        header = Buffer.concat([header, chunk]);
        if (header.length < 8) return;
        remaining = Number(header.readBigUInt64BE(0));
        chunk = header.subarray(8);
      }
      const take = chunk.subarray(0, remaining);
      hash.update(take);
      remaining -= take.length;
      if (remaining === 0) socket.end(hash.digest('hex'));
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { close: () => server.close(), port: (server.address() as AddressInfo).port };
}

/** Sends `data` (length-prefixed) to a hash server at 127.0.0.1:port and resolves with its answer. */
export function sendAndReceive(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    // Basic mode never tells the local side that the destination closed, so stop at the 64-char answer.
    const finish = (): void => {
      socket.destroy();
      resolve(Buffer.concat(parts));
    };
    socket.on('data', (chunk: Buffer) => {
      parts.push(chunk);
      if (Buffer.concat(parts).length >= 64) finish();
    });
    socket.on('end', finish);
    socket.on('close', () => resolve(Buffer.concat(parts)));
    socket.on('error', reject);
    const header = Buffer.alloc(8);
    header.writeBigUInt64BE(BigInt(data.length));
    socket.write(Buffer.concat([header, data]));
  });
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A long-running command (an AWS CLI tunnel) whose stdout we watch; stdin stays open. */
export class BackgroundCommand {
  private output = '';
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    // Its own process group, so Ctrl-C reaches the plugin the way a terminal delivers it.
    this.child = spawn(command, args, { env, stdio: 'pipe', detached: true });
    this.child.stdout.on('data', (data: Buffer) => (this.output += data.toString()));
    this.child.stderr.on('data', (data: Buffer) => (this.output += data.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code ?? -1)));
  }

  get text(): string {
    return this.output;
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ctrl-C as a terminal would send it to the whole foreground group. */
  async interrupt(): Promise<number> {
    this.signalGroup('SIGINT');
    return this.exited;
  }

  kill(): void {
    this.signalGroup('SIGKILL');
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }
}
