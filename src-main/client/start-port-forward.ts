import type { Socket } from 'node:net';
import type { AwsContext } from '../aws/aws-context.js';
import { PortSession } from '../sessions/port/port-session.js';
import type { PortForwardStats } from '../sessions/port/port-notices.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { createSession, startSsmSession } from './session-launcher.js';

export interface PortForwardOptions {
  target: string;
  /** The port on the instance (or on remoteHost, reached from the instance). */
  remotePort: number;
  /** Forward to this host through the instance (AWS-StartPortForwardingSessionToRemoteHost). */
  remoteHost?: string;
  /** Local TCP port; 0 (default) picks a free one. */
  localPort?: number;
  /** Local address to listen on (default 127.0.0.1). */
  localHost?: string;
  /** No local listener: the owner hands connections to `attach` (the SOCKS5 proxy does this). */
  external?: boolean;
  /** The Go plugin's notices ("Port N opened for sessionId …"); silent by default. */
  print?(text: string): void;
}

export interface PortForward {
  sessionId: string;
  /** The bound local port (the real one when 0 was asked for). */
  localPort: number;
  stats: PortForwardStats;
  /** Carries one more local connection through the tunnel. */
  attach(socket: Socket): void;
  /** Stops forwarding and ends the session. */
  close(): Promise<void>;
  done: Promise<SessionEnd>;
}

/**
 * Forwards a local TCP port to a port on (or reachable from) an instance. Resolves once the local
 * listener is up. A placeholder for the richer forwarding engine: this is the plain PortSession.
 */
export async function startPortForward(
  context: AwsContext,
  options: PortForwardOptions,
): Promise<PortForward> {
  const parameters: Record<string, string> = {
    portNumber: String(options.remotePort),
    localPortNumber: String(options.localPort ?? 0),
  };
  if (options.remoteHost) parameters.host = options.remoteHost;
  const start = await startSsmSession(context, {
    target: options.target,
    documentName: options.remoteHost
      ? 'AWS-StartPortForwardingSessionToRemoteHost'
      : 'AWS-StartPortForwardingSession',
    parameters,
  });
  let resolveReady!: (port: PortSession) => void;
  const ready = new Promise<PortSession>((resolve) => (resolveReady = resolve));
  const session = createSession(context, start, options.target, {
    Port: async (typeContext) => {
      const port = await PortSession.create(typeContext, {
        print: options.print ?? (() => undefined),
        listen: options.external
          ? false
          : { kind: 'tcp', host: options.localHost ?? '127.0.0.1', port: options.localPort ?? 0 },
      });
      resolveReady(port);
      return port;
    },
  });
  await session.start();
  const port = await Promise.race([
    ready,
    session.done.then((end) => {
      throw end.kind === 'failed'
        ? end.error
        : new Error(`session ended before forwarding started (${end.kind})`);
    }),
  ]);
  return {
    sessionId: start.sessionId,
    localPort: port.localListener?.port ?? 0,
    stats: port.stats,
    attach: (socket) => port.attach(socket),
    done: session.done,
    async close() {
      const outcome = await port.stop();
      if (outcome === 'ended') session.end({ kind: 'local', reason: 'closed' });
      await Promise.race([session.done, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      session.end({ kind: 'local', reason: 'closed' });
    },
  };
}
