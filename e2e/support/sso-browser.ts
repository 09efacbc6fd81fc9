/** What tests of IAM Identity Center sign-in need around the emulator: the network and the browser. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A CONNECT proxy that sends every tunnel to one local port, whatever host and port the client asked
 * for: as the network of a machine whose AWS traffic is routed to the emulator. This AWS CLI v2
 * (Debian's 2.9) predates AWS_ENDPOINT_URL_<SERVICE>, and `aws sso login` has no --endpoint-url for
 * its OIDC calls, so the real AWS hosts are reached through HTTPS_PROXY and trusted via AWS_CA_BUNDLE.
 */
export class RedirectingProxy {
  readonly targets: string[] = [];
  private readonly sockets = new Set<Duplex>();

  private constructor(
    private readonly server: Server,
    port: number,
  ) {
    server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) => {
      this.targets.push(request.url ?? '');
      const upstream: Socket = connect({ host: '127.0.0.1', port });
      this.sockets.add(client).add(upstream);
      const close = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        client.pipe(upstream).pipe(client);
      });
    });
  }

  static async start(port: number): Promise<RedirectingProxy> {
    const server = createServer((_request, response) => response.writeHead(501).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new RedirectingProxy(server, port);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A request to the emulator over https, trusting the throwaway CA (the verification page, as a browser). */
export function emulatorRequest(
  url: string,
  ca: Buffer,
  form?: URLSearchParams,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        method: form ? 'POST' : 'GET',
        ca,
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      },
      (response) => {
        let body = '';
        response.on('data', (data: Buffer) => (body += data.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(form?.toString());
  });
}

/**
 * What a user does in a browser: opens the verification page, sees the code on it, and presses
 * Approve (the page's plain form, POSTed with its hidden fields). Resolves with the page's text and
 * whether the emulator said the request was approved.
 */
export async function approveOnVerificationPage(
  pageUrl: string,
  endpoint: string,
  ca: Buffer,
): Promise<{ page: string; approved: boolean }> {
  const page = await emulatorRequest(pageUrl, ca);
  if (page.status !== 200) throw new Error(`the verification page answered ${page.status}`);
  const form = /<form method="post" action="([^"]+)">(.*?)<\/form>/s.exec(page.body);
  if (!form) throw new Error('the verification page has no form');
  const fields = new URLSearchParams();
  for (const [, name, value] of (form[2] ?? '').matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields.set(name as string, value as string);
  }
  fields.set('action', 'approve');
  const answer = await emulatorRequest(`${endpoint}${form[1] ?? ''}`, ca, fields);
  return { page: page.body, approved: answer.status === 200 && answer.body.includes('Request approved') };
}

/** The AWS hosts an SSO sign-in and the calls after it reach (certificates for the emulator must name them). */
export const SSO_AWS_HOSTS = [
  'oidc.us-east-1.amazonaws.com',
  'portal.sso.us-east-1.amazonaws.com',
  'sts.amazonaws.com',
  'sts.us-east-1.amazonaws.com',
];
