import type { EmulatorConfig } from '../model.js';

export interface Destination {
  host: string;
  port: number;
}

/**
 * Where the simulated agent connects for a port session's `host:port`: the config's `hostMap` and the
 * databases' endpoints (endpoint:port -> 127.0.0.1:localPort), so a tunnel to an RDS endpoint through
 * AWS-StartPortForwardingSessionToRemoteHost reaches a local test server. Names are compared without
 * case, as DNS does; `host:port` entries win over `host` entries; unmapped destinations are kept.
 */
export function destinationResolver(config: EmulatorConfig): (host: string, port: number) => Destination {
  // A target without a port keeps the port the session asked for.
  const byHostPort = new Map<string, { host: string; port: number | undefined }>();
  const byHost = new Map<string, { host: string; port: number | undefined }>();
  for (const [from, to] of Object.entries(config.hostMap ?? {})) {
    const source = splitHostPort(from);
    const key = source.host.toLowerCase();
    if (source.port === undefined) byHost.set(key, splitHostPort(to));
    else byHostPort.set(`${key}:${source.port}`, splitHostPort(to));
  }
  for (const database of config.databases ?? []) {
    const local = { host: '127.0.0.1', port: database.localPort };
    for (const name of [database.endpoint, database.readerEndpoint]) {
      if (name !== undefined) byHostPort.set(`${name.toLowerCase()}:${database.port}`, local);
    }
  }
  return (host, port) => {
    const key = host.toLowerCase();
    const target = byHostPort.get(`${key}:${port}`) ?? byHost.get(key);
    return target ? { host: target.host, port: target.port ?? port } : { host, port };
  };
}

/** `host`, `host:port` or `[v6]:port`. */
export function splitHostPort(text: string): { host: string; port: number | undefined } {
  const match = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(text);
  if (!match) return { host: text, port: undefined };
  return {
    host: (match[1] ?? match[2]) as string,
    port: match[3] === undefined ? undefined : Number(match[3]),
  };
}
