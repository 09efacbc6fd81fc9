import { readFileSync } from 'node:fs';
import type { Agent, ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { AwsError } from './aws-error.js';

/**
 * Proxy and CA settings as the AWS CLI reads them from the environment, applied to both the SDK's
 * HTTPS calls and the data-channel websocket: HTTPS_PROXY / HTTP_PROXY (upper or lower case) chosen by
 * the URL's scheme, NO_PROXY exceptions, and AWS_CA_BUNDLE for extra trusted certificates.
 */
export interface NetworkOptions {
  /** An agent that tunnels through the proxy with CONNECT, or undefined for a direct connection. */
  agentFor(url: string): Agent | undefined;
  /** Contents of AWS_CA_BUNDLE, if set. */
  ca: Buffer | undefined;
}

export function networkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkOptions {
  const caPath = env.AWS_CA_BUNDLE;
  let ca: Buffer | undefined;
  if (caPath) {
    try {
      ca = readFileSync(caPath);
    } catch (error) {
      throw new AwsError(
        'config-invalid',
        `cannot read AWS_CA_BUNDLE ${caPath}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        { cause: error },
      );
    }
  }
  const agents = new Map<string, Agent>();
  return {
    ca,
    agentFor(url: string): Agent | undefined {
      // proxy-from-env reads process.env; a different env object is honoured by swapping it in.
      const proxy = withEnv(env, () => getProxyForUrl(url.replace(/^ws(s?):/, 'http$1:')));
      if (!proxy) return undefined;
      let agent = agents.get(proxy);
      if (!agent) {
        agent = ca ? new CaBundleProxyAgent(proxy, ca) : new HttpsProxyAgent(proxy);
        agents.set(proxy, agent);
      }
      return agent;
    },
  };
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

function withEnv<T>(env: NodeJS.ProcessEnv, action: () => T): T {
  if (env === process.env) return action();
  const saved = process.env;
  process.env = env;
  try {
    return action();
  } finally {
    process.env = saved;
  }
}

/**
 * The SDK request handler that sends a client's calls through the proxy (CONNECT) and trusts
 * AWS_CA_BUNDLE, or undefined when neither applies. `url` is the endpoint the client will call.
 */
export async function sdkRequestHandler(
  network: NetworkOptions,
  url: string,
): Promise<NodeHttpHandler | undefined> {
  const agent = network.agentFor(url);
  if (!agent && !network.ca) return undefined;
  const smithy = await import('@smithy/node-http-handler');
  if (agent) return new smithy.NodeHttpHandler({ httpAgent: agent, httpsAgent: agent });
  const { Agent } = await import('node:https');
  return new smithy.NodeHttpHandler({ httpsAgent: new Agent({ ca: network.ca }) });
}
