import type { Socket } from 'node:net';
import type { AwsContext } from '../aws/aws-context.js';
import { listenLocal, type LocalListener } from '../sessions/port/local-listener.js';
import { PortSession } from '../sessions/port/port-session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { ClientError } from './client-error.js';
import {
  ResilientTunnel,
  describeEnd,
  type OpenTunnelSession,
  type PortForwardEvents,
  type TunnelEvent,
  type TunnelSession,
} from './resilient-tunnel.js';
import { createSession, startSsmSession, terminateSsmSession } from './session-launcher.js';

export type { TunnelEvent, PortForwardEvents };
export type { TunnelState } from '../../src-shared/model/channel-state.js';

/**
 * What startPortForward() forwards: the target and the remote port (on the instance, or on `remoteHost`
 * through it), where to listen locally (TCP port and address, a unix socket, or nothing with
 * `external`), whether lost sessions are replaced, and callbacks and a signal.
 */
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
  /** Listen on this unix socket instead of TCP (removed again on close). */
  localSocket?: string;
  /** No local listener: the owner hands connections to `attach` (the SOCKS5 proxy does this). */
  external?: boolean;
  /**
   * When the session ends on its own (the service refuses to resume it, its token expired while the
   * socket was down, or the service closed it), start a new one with backoff while the local listener
   * stays open, so local clients never see a refused connection. Default true. Connections that were
   * open on the old session end with it: their bytes lived in the old session's agent-side sockets.
   */
  restart?: boolean;
  /** Every state change, including those before startPortForward resolves (also the 'state' event). */
  onStateChange?(event: TunnelEvent): void;
  /** The Go plugin's notices for accepted connections; silent by default. */
  print?(text: string): void;
  /**
   * The forward's lifetime: aborting closes it. Before it is open, startPortForward then rejects
   * with a ClientError `aborted`; afterwards it is as close(): retry waits stop, the session ends.
   */
  signal?: AbortSignal;
}

/** A surviving tunnel: events 'state' (TunnelEvent), 'stats' (ForwardStats), 'retry', 'held-closed'. */
export interface PortForward {
  /** Stable for the forward's whole life, across the sessions that carry it. */
  readonly id: string;
  /** The current session; changes when a restart succeeds. */
  readonly sessionId: string;
  readonly state: TunnelEvent['state'];
  /** The bound local port (the real one when 0 was asked for); 0 with `external` or a unix socket. */
  readonly localPort: number;
  /** Counters across every session this forward has used (pushed as 'stats' events). */
  readonly stats: Readonly<ResilientTunnel['stats']>;
  /** Carries one more local connection through the tunnel (held while a new session starts). */
  attach(socket: Socket): void;
  /** Stops forwarding and ends the session; no timer of the forward survives it. */
  close(): Promise<void>;
  /** Resolves when the forward ends for good: close(), or a session end with restart off. */
  readonly done: Promise<SessionEnd>;
  on<E extends keyof PortForwardEvents>(event: E, listener: (...args: PortForwardEvents[E]) => void): this;
  once<E extends keyof PortForwardEvents>(event: E, listener: (...args: PortForwardEvents[E]) => void): this;
  off<E extends keyof PortForwardEvents>(event: E, listener: (...args: PortForwardEvents[E]) => void): this;
}

/** A tunnel gives up resuming sooner than a shell: a new session is the better way back. */
const TUNNEL_RECONNECT_BUDGET_MS = 60_000;
/** How long a closing session may take to end before it is cut. */
const SESSION_CLOSE_WAIT_MS = 5_000;

/**
 * Forwards a local TCP port (or unix socket) to a port on, or reachable from, an instance, and keeps
 * doing so across socket losses (resume) and lost sessions (a fresh StartSession, resilient-tunnel.ts).
 * Resolves once the first session is forwarding; rejects when that first session cannot start.
 */
export async function startPortForward(
  context: AwsContext,
  options: PortForwardOptions,
): Promise<PortForward> {
  const { signal } = options;
  if (signal?.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
  let listener: LocalListener | undefined;
  const tunnel = new ResilientTunnel(
    portSessionOpener(context, options, () => listener?.port ?? 0),
    {
      ...(options.restart !== undefined ? { restart: options.restart } : {}),
      ...(options.onStateChange ? { onStateChange: options.onStateChange } : {}),
      localPort: () => listener?.port ?? 0,
      onClosed: async () => listener?.close(),
    },
  );
  // The listener belongs to the forward, not to a session, so it outlives restarts.
  if (!options.external) {
    try {
      listener = await listenLocal(
        options.localSocket !== undefined
          ? { kind: 'unix', path: options.localSocket }
          : { kind: 'tcp', host: options.localHost ?? '127.0.0.1', port: options.localPort ?? 0 },
        (socket) => tunnel.attach(socket),
      );
    } catch (error) {
      throw listenError(error);
    }
  }
  const onAbort = (): void => void tunnel.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  void tunnel.done.then(() => signal?.removeEventListener('abort', onAbort));
  try {
    await tunnel.start();
  } catch (error) {
    if (signal?.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
    throw error;
  }
  return tunnel;
}

/** The local listener's failure as a ClientError, keeping the system's reason as the cause. */
function listenError(error: unknown): ClientError {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
  return new ClientError(
    errno === 'EADDRINUSE' ? 'address-in-use' : 'listen-failed',
    (error as Error).message,
    { cause: error },
  );
}

/**
 * Real sessions for a tunnel: StartSession (the port forwarding documents), the data channel and
 * handshake, then the Port handler without a listener of its own (the tunnel hands it connections).
 */
function portSessionOpener(
  context: AwsContext,
  options: PortForwardOptions,
  localPort: () => number,
): OpenTunnelSession {
  return async (tunnel, signal): Promise<TunnelSession> => {
    const parameters: Record<string, string> = {
      portNumber: String(options.remotePort),
      localPortNumber: String(localPort()),
    };
    if (options.remoteHost) parameters.host = options.remoteHost;
    const start = await startSsmSession(
      context,
      {
        target: options.target,
        documentName: options.remoteHost
          ? 'AWS-StartPortForwardingSessionToRemoteHost'
          : 'AWS-StartPortForwardingSession',
        parameters,
      },
      signal,
    );
    let resolveReady!: (port: PortSession) => void;
    const ready = new Promise<PortSession>((resolve) => (resolveReady = resolve));
    const session = createSession(
      context,
      start,
      options.target,
      {
        Port: async (typeContext) => {
          const port = await PortSession.create(typeContext, {
            print: options.print ?? (() => undefined),
            listen: false,
            stats: tunnel.stats,
          });
          resolveReady(port);
          return port;
        },
      },
      {
        onStateChange: (state, detail) => {
          if (state === 'reconnecting' || state === 'open' || state === 'closed') {
            tunnel.onChannelState(state, detail);
          }
        },
      },
      { reconnectBudgetMs: TUNNEL_RECONNECT_BUDGET_MS },
    );
    try {
      await session.start(signal);
    } catch (error) {
      // Aborted while starting (the tunnel was closed): the service is told too.
      void terminateSsmSession(context, start.sessionId).catch(() => undefined);
      throw error;
    }
    const port = await Promise.race([
      ready,
      session.done.then((end): never => {
        if (signal.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
        // A failure keeps its own code (connect-failed, handshake-failed …); any other end is ours.
        if (end.kind === 'failed') throw end.error;
        throw new ClientError(
          'session-ended',
          `session ended before forwarding started (${describeEnd(end)})`,
        );
      }),
    ]);
    return {
      sessionId: start.sessionId,
      done: session.done,
      attach: (socket) => port.attach(socket),
      close: async () => {
        const outcome = await port.stop();
        if (outcome === 'ended') session.end({ kind: 'local', reason: 'closed' });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          session.done,
          new Promise((resolve) => (timer = setTimeout(resolve, SESSION_CLOSE_WAIT_MS))),
        ]);
        clearTimeout(timer);
        session.end({ kind: 'local', reason: 'closed' });
      },
    };
  };
}
