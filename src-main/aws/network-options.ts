import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

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
      throw new Error(
        `cannot read AWS_CA_BUNDLE ${caPath}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
        {
          cause: error,
        },
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
        agent = new HttpsProxyAgent(proxy, ca ? { ca } : {});
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
