import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../../../src-shared/contract/envelope.js';
import type { AppCore } from '../core/app-core.js';
import { contentSecurityPolicy } from '../content-security-policy.js';
import { AccessGuard, SECRET_PARAMETER } from './access-guard.js';
import { serveContractSocket } from './contract-socket.js';
import { serveStatic } from './static-files.js';

export interface BrowserServerOptions {
  core: AppCore;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** This launch's secret: the printed URL carries it, every request must. */
  secret: string;
  /** 0 (default) picks a free port. Always 127.0.0.1. */
  port?: number;
}

/** The path of the contract's WebSocket. */
export const CONTRACT_PATH = '/contract';

/**
 * Browser mode: the renderer served over HTTP on 127.0.0.1, the contract over a WebSocket, both
 * guarded by the launch's secret, the Host header and (for the socket) the Origin. Every answer
 * carries the CSP and headers that keep the page to itself.
 */
export class BrowserServer {
  private constructor(
    private readonly server: Server,
    private readonly sockets: WebSocketServer,
    private readonly secret: string,
  ) {}

  static async start(options: BrowserServerOptions): Promise<BrowserServer> {
    const server = createServer();
    const port = (): number => (server.address() as AddressInfo | null)?.port ?? 0;
    const guard = new AccessGuard(options.secret, port);
    const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    const headers = (): Record<string, string> => ({
      'Content-Security-Policy': contentSecurityPolicy([
        `ws://127.0.0.1:${port()}`,
        `ws://localhost:${port()}`,
      ]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      handleRequest(request, response, guard, options.rendererDir, headers()).catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      const allowed =
        path === CONTRACT_PATH &&
        guard.hostAllowed(request) &&
        guard.originAllowed(request) &&
        guard.secretInCookie(request);
      if (!allowed) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => serveContractSocket(ws, options.core));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new BrowserServer(server, sockets, options.secret);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The address to open: it carries the secret once; the page then keeps it in a cookie. */
  get url(): string {
    return `${this.origin}/?${SECRET_PARAMETER}=${this.secret}`;
  }

  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  guard: AccessGuard,
  rendererDir: string,
  headers: Record<string, string>,
): Promise<void> {
  const plain = (status: number, text: string, extra: Record<string, string> = {}): void => {
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    response.end(`${text}\n`);
  };
  if (!guard.hostAllowed(request)) {
    plain(421, 'SSM Desk answers only at 127.0.0.1 or localhost.');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    plain(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return;
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (url.searchParams.has(SECRET_PARAMETER)) {
    if (!guard.secretInQuery(url)) {
      plain(403, 'This key is not the one of the running SSM Desk: open the address it printed.');
      return;
    }
    // Keep the secret in a cookie and out of the address bar, history and any Referer.
    url.searchParams.delete(SECRET_PARAMETER);
    response.writeHead(303, {
      ...headers,
      'Set-Cookie': guard.setCookieHeader(),
      Location: `${url.pathname}${url.search}`,
      'Cache-Control': 'no-store',
    });
    response.end();
    return;
  }
  if (!guard.secretInCookie(request)) {
    plain(403, "Open the address SSM Desk printed when it started: it carries this launch's key.");
    return;
  }
  await serveStatic(rendererDir, url.pathname, response, headers, request.method === 'HEAD');
}
