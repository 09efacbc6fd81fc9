import type { ClientRequest } from 'node:http';
import type { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { HttpsProxyAgent } from 'https-proxy-agent';

/**
 * The agent that tunnels through an HTTP(S) proxy with CONNECT. Its own module, imported only when a
 * proxy variable is set (network-options.ts): https-proxy-agent and what it loads (debug, tls, tty)
 * are not worth their memory in the many plugin processes that connect directly.
 */
export function proxyAgent(proxy: string, ca: Buffer | undefined): Agent {
  return ca ? new CaBundleProxyAgent(proxy, ca) : new HttpsProxyAgent(proxy);
}

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/**
 * HttpsProxyAgent gives its constructor's `ca` to the connection to the proxy only; the TLS session
 * with the target inside the tunnel takes the request's own options, and the SDK's requests carry no
 * `ca`. So AWS_CA_BUNDLE is added there too (ws passes it per request already), as a TLS-inspecting
 * corporate proxy, re-signing with the bundle's CA, needs.
 */
class CaBundleProxyAgent extends HttpsProxyAgent<string> {
  constructor(
    proxy: string,
    private readonly caBundle: Buffer,
  ) {
    super(proxy, { ca: caBundle });
  }

  override connect(request: ClientRequest, options: ConnectOptions): Promise<Socket> {
    return super.connect(
      request,
      options.secureEndpoint ? { ...options, ca: options.ca ?? this.caBundle } : options,
    );
  }
}
