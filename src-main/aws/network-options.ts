import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
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

/** The variables proxy-from-env takes a proxy from (`<scheme>_proxy`, `all_proxy`, either case). */
const PROXY_VARIABLES = ['https_proxy', 'http_proxy', 'all_proxy'];

export async function networkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<NetworkOptions> {
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
  // The proxy agent's module is loaded only where a proxy can apply.
  const proxied = PROXY_VARIABLES.some((name) => env[name] || env[name.toUpperCase()]);
  const { proxyAgent } = proxied ? await import('./proxy-agent.js') : { proxyAgent: undefined };
  const agents = new Map<string, Agent>();
  return {
    ca,
    agentFor(url: string): Agent | undefined {
      if (!proxyAgent) return undefined;
      // proxy-from-env reads process.env; a different env object is honoured by swapping it in.
      const proxy = withEnv(env, () => getProxyForUrl(url.replace(/^ws(s?):/, 'http$1:')));
      if (!proxy) return undefined;
      let agent = agents.get(proxy);
      if (!agent) {
        agent = proxyAgent(proxy, ca);
        agents.set(proxy, agent);
      }
      return agent;
    },
  };
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
