import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';

/** One CONNECT the proxy was asked for. */
export interface Tunnel {
  /** The authority as the client wrote it, e.g. `emulator.invalid:4566`. */
  target: string;
  /** What the proxy dialled instead, when its host map renamed the target. */
  dialled: string;
  /** 200 when the tunnel was set up, 502 when the target could not be reached. */
  status: number;
  /**
   * Local port of the proxy's own socket to the target: the peer port the target server saw. Under TLS
   * this is the only way to tell which tunnel carried what: the proxy sees ciphertext only, so it
   * cannot read an HTTP Upgrade, but a server that logs its peer's port can be matched to a tunnel.
   */
  upstreamPort: number | undefined;
  openedAt: number;
  closedAt: number | undefined;
  bytesFromClient: number;
  bytesFromTarget: number;
}

export interface ConnectProxyOptions {
  /**
   * The proxy's own name resolution, as a corporate proxy's DNS: a CONNECT to `name:port` dials
   * `hosts[name]:port`. Names not in the map are dialled as given. Lets a test use a host the client
   * itself cannot resolve (`*.invalid`), so nothing can reach it except through the proxy.
   */
  hosts?: Record<string, string>;
}

/**
 * A real HTTP proxy on 127.0.0.1 that only tunnels (CONNECT, as HTTPS_PROXY clients use it): it
 * records every CONNECT target and the bytes each tunnel carried. Plain proxy requests
 * (`GET http://…`) are recorded and refused with 501, so a client that skips CONNECT shows up.
 */
export class ConnectProxy {
  readonly tunnels: Tunnel[] = [];
  /** Request lines of non-CONNECT requests (refused). */
  readonly plainRequests: string[] = [];
  private readonly sockets = new Set<Duplex>();

  private constructor(
    private readonly server: Server,
    private readonly options: ConnectProxyOptions,
  ) {
    server.on('request', (request: IncomingMessage, response) => {
      this.plainRequests.push(`${request.method ?? '?'} ${request.url ?? '?'}`);
      response.writeHead(501, { 'Content-Type': 'text/plain', Connection: 'close' });
      response.end('this proxy only tunnels (CONNECT)\n');
    });
    server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) =>
      this.tunnel(request, client, head),
    );
  }

  static async start(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new ConnectProxy(server, options);
  }

  /** For HTTPS_PROXY. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forgets what was recorded (open tunnels keep running). */
  reset(): void {
    this.tunnels.length = 0;
    this.plainRequests.length = 0;
  }

  /** The tunnel whose socket to the target had this local port (see `Tunnel.upstreamPort`). */
  tunnelFromPort(port: number): Tunnel | undefined {
    return this.tunnels.find((tunnel) => tunnel.upstreamPort === port);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(request: IncomingMessage, client: Duplex, head: Buffer): void {
    const target = request.url ?? '';
    const match = /^\[?([^\]]*?)\]?:(\d+)$/.exec(target);
    const host = match?.[1] ?? '';
    const dialledHost = this.options.hosts?.[host] ?? host;
    const port = Number(match?.[2] ?? 0);
    const record: Tunnel = {
      target,
      dialled: `${dialledHost}:${port}`,
      status: 0,
      upstreamPort: undefined,
      openedAt: Date.now(),
      closedAt: undefined,
      bytesFromClient: 0,
      bytesFromTarget: 0,
    };
    this.tunnels.push(record);
    this.sockets.add(client);
    const finish = (): void => {
      record.closedAt ??= Date.now();
      client.destroy();
      this.sockets.delete(client);
    };
    client.on('error', finish);
    client.on('close', finish);
    if (!match) {
      record.status = 400;
      client.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream: Socket = connect({ host: dialledHost, port });
    this.sockets.add(upstream);
    upstream.once('error', (error: Error) => {
      if (record.status === 0) {
        record.status = 502;
        client.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nX-Reason: ${error.message}\r\n\r\n`);
      }
      upstream.destroy();
    });
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      finish();
    });
    client.on('close', () => upstream.destroy());
    upstream.once('connect', () => {
      record.status = 200;
      record.upstreamPort = upstream.localPort;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        record.bytesFromClient += head.length;
        upstream.write(head);
      }
      client.on('data', (data: Buffer) => (record.bytesFromClient += data.length));
      upstream.on('data', (data: Buffer) => (record.bytesFromTarget += data.length));
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
}

export interface TestCertificates {
  dir: string;
  /** The throwaway CA's certificate, for AWS_CA_BUNDLE. */
  caPath: string;
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
}

/**
 * A throwaway CA and a server certificate it signed for 127.0.0.1, localhost and `names`, made with
 * the machine's openssl in a temporary directory. The extensions satisfy strict verifiers too
 * (Python's VERIFY_X509_STRICT: key usages, subject and authority key ids).
 */
export function makeTestCertificates(names: readonly string[] = []): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ssm-desk-tls-'));
  const path = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=SSM Desk throwaway test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...ec, '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost');
  const altNames = ['IP:127.0.0.1', 'DNS:localhost', ...names.map((name) => `DNS:${name}`)].join(',');
  writeFileSync(
    path('server.ext'),
    [
      `subjectAltName=${altNames}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path('server.ext'),
    '-out',
    path('server.pem'),
  );
  return {
    dir,
    caPath: path('ca.pem'),
    certPath: path('server.pem'),
    keyPath: path('server.key'),
    cert: readFileSync(path('server.pem')),
    key: readFileSync(path('server.key')),
  };
}
