import { existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { SessionError } from '../session-error.js';

/** Where a port session listens locally: TCP (127.0.0.1 unless asked otherwise) or a unix socket. */
export type LocalEndpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export interface LocalListener {
  /** The bound TCP port (the real one when 0 was asked for), or undefined for a unix socket. */
  readonly port: number | undefined;
  readonly endpoint: LocalEndpoint;
  close(): Promise<void>;
}

/**
 * Listens and hands every accepted connection to `onConnection`. Rejects with SessionError
 * 'listen-failed' (the Node error, e.g. EADDRINUSE, as its cause) and a one-line reason.
 */
export async function listenLocal(
  endpoint: LocalEndpoint,
  onConnection: (socket: Socket) => void,
): Promise<LocalListener> {
  const server = createServer({ pauseOnConnect: true, noDelay: true }, onConnection);
  if (endpoint.kind === 'unix') await removeStaleSocket(endpoint.path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new SessionError('listen-failed', listenError(endpoint, error), { cause: error })),
    );
    if (endpoint.kind === 'unix') server.listen(endpoint.path, resolve);
    else server.listen({ host: endpoint.host, port: endpoint.port, exclusive: true }, resolve);
  });
  server.removeAllListeners('error');
  server.on('error', () => undefined);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : undefined;
  return {
    port,
    endpoint: endpoint.kind === 'tcp' ? { ...endpoint, port: port ?? endpoint.port } : endpoint,
    close: () => closeServer(server, endpoint),
  };
}

function listenError(endpoint: LocalEndpoint, error: NodeJS.ErrnoException): string {
  const where =
    endpoint.kind === 'unix' ? `unix socket ${endpoint.path}` : `${endpoint.host}:${endpoint.port}`;
  if (error.code === 'EADDRINUSE') return `cannot listen on ${where}: address already in use`;
  if (error.code === 'EACCES') return `cannot listen on ${where}: permission denied`;
  return `cannot listen on ${where}: ${error.message}`;
}

/** A socket file left by a crashed process blocks listen(); remove it only if nobody answers on it. */
async function removeStaleSocket(path: string): Promise<void> {
  if (!existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (!alive) unlinkSync(path);
}

function closeServer(server: Server, endpoint: LocalEndpoint): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      if (endpoint.kind === 'unix' && existsSync(endpoint.path)) {
        try {
          unlinkSync(endpoint.path);
        } catch {
          // already removed
        }
      }
      resolve();
    });
  });
}
