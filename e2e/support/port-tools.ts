import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/**
 * The range bind(0) and outgoing connections draw from (net.ipv4.ip_local_port_range). A port chosen
 * below it is taken later only by someone who binds exactly that port, never by a random connection.
 */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    if (low && high) return [Number(low), Number(high)];
  } catch {
    // not Linux: the IANA range
  }
  return [49152, 65535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createTcpServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A TCP port on 127.0.0.1 that is free now, for a child process to bind later (sshd, a tunnel's fixed
 * local port) or for a test that needs a port nobody listens on yet. Where this process binds, listen
 * on port 0 and read the port instead: that has no race at all. Here the port is chosen below the
 * ephemeral range, so only a process binding exactly this port can take it meanwhile; if that happens
 * the child fails to bind and withFreshPort() tries again.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const high = ephemeralLow - 1;
  const low = Math.max(1025, high - 12_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${low}-${high}`);
}

/** A child could not bind the port it was given: someone took it after freePort() found it free. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    detail: string,
  ) {
    super(`port ${port} was taken before it could be bound: ${detail}`);
  }
}

/**
 * Runs `start` with a port from freePort(). When `start` throws PortInUseError (the one race freePort()
 * cannot close: the port was bound by someone else before the child bound it), it runs again with a
 * new port, at most `attempts` times, and says so on stderr; every other error is thrown at once.
 * `pick` chooses the ports (tests of this helper hand it a taken one first).
 */
export async function withFreshPort<T>(
  start: (port: number) => Promise<T>,
  { attempts = 5, pick = freePort }: { attempts?: number; pick?: () => Promise<number> } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await pick();
    try {
      return await start(port);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= attempts) throw error;
      console.warn(`${error.message}; trying again with another port (attempt ${attempt + 1}/${attempts})`);
    }
  }
}

/** A long-running command (an AWS CLI tunnel) whose stdout we watch; stdin stays open. */
export class BackgroundCommand {
  private output = '';
  private closed = false;
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    // Its own process group, so Ctrl-C reaches the plugin the way a terminal delivers it.
    this.child = spawn(command, args, { env, stdio: 'pipe', detached: true });
    this.child.stdout.on('data', (data: Buffer) => (this.output += data.toString()));
    this.child.stderr.on('data', (data: Buffer) => (this.output += data.toString()));
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code) => {
        this.closed = true;
        resolve(code ?? -1);
      }),
    );
  }

  get text(): string {
    return this.output;
  }

  /**
   * Resolves when the output matches `pattern`, checked on every chunk the command prints. Rejects at
   * once if the command exits without printing it (with its output), or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return this.waitUntil((output) => pattern.exec(output) ?? undefined, String(pattern), timeoutMs);
  }

  /**
   * waitFor() a line saying the command listens on `port`, a port it was told to bind (withFreshPort()).
   * If instead it says the address is in use (Node's EADDRINUSE, Go's "bind: address already in use"),
   * rejects with PortInUseError, so withFreshPort() starts it again on another port.
   */
  waitForListening(pattern: RegExp, port: number, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return this.waitUntil(
      (output) => {
        const match = pattern.exec(output);
        if (match) return match;
        const inUse = /^.*(address already in use|EADDRINUSE).*$/im.exec(output);
        if (inUse) throw new PortInUseError(port, inUse[0]);
        return undefined;
      },
      String(pattern),
      timeoutMs,
    );
  }

  /** Resolves with what `test` finds in the output, tested on every chunk; `test` may throw to reject. */
  private waitUntil<T>(test: (output: string) => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const finish = (outcome: () => void): void => {
        clearTimeout(timer);
        this.child.stdout.off('data', check);
        this.child.stderr.off('data', check);
        this.child.off('close', exited);
        outcome();
      };
      // Listeners run in the order they were added: the constructor's, which append to the output, first.
      const check = (): boolean => {
        try {
          const found = test(this.output);
          if (found === undefined) return false;
          finish(() => resolve(found));
        } catch (error) {
          finish(() => reject(error));
        }
        return true;
      };
      const exited = (code: number | null): void => {
        if (!check()) {
          finish(() =>
            reject(new Error(`exited (${code}) without printing ${what}; output:\n${this.output}`)),
          );
        }
      };
      const timer = setTimeout(
        () =>
          finish(() => reject(new Error(`timed out waiting for ${what}; output so far:\n${this.output}`))),
        timeoutMs,
      );
      this.child.stdout.on('data', check);
      this.child.stderr.on('data', check);
      this.child.on('close', exited);
      if (this.closed) exited(this.child.exitCode);
      else check();
    });
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
