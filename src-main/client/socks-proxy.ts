import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { ForwardStats } from '../../src-shared/model/forward-stats.js';
import type { AwsContext } from '../aws/aws-context.js';
import { ClientError } from './client-error.js';
import { toErrorInfo } from './error-info.js';
import type { TunnelEvent } from './resilient-tunnel.js';
import { startSocks5Server, type Socks5Server } from './socks5-server.js';
import { startPortForward, type PortForward } from './start-port-forward.js';

/**
 * What startSocksProxy() listens on and tunnels through: the instance, the local port and address (a
 * free port on 127.0.0.1 by default), whether tunnels replace lost sessions, a callback for tunnel state
 * changes, and a signal that closes the proxy.
 */
export interface SocksProxyOptions {
  /** The instance every destination is reached through. */
  target: string;
  /** Local TCP port; 0 (default) picks a free one. */
  localPort?: number;
  /** Local address to listen on (default 127.0.0.1). */
  localHost?: string;
  /** Replace a destination's lost session with a new one (default true), as startPortForward does. */
  restart?: boolean;
  /** Every state change of every destination's tunnel (also the 'tunnel-state' event). */
  onTunnelEvent?(destination: string, event: TunnelEvent): void;
  /** The proxy's lifetime: aborting closes it (before it listens, startSocksProxy rejects `aborted`). */
  signal?: AbortSignal;
}

/**
 * A SocksProxy's events and their arguments: 'tunnel' when a destination's first connection opens its
 * tunnel, 'tunnel-failed' when it cannot be opened, and 'tunnel-state' for every tunnel's state changes.
 */
export interface SocksProxyEvents {
  /** The first connection to a destination opened its tunnel (`host:port`, IPv6 in brackets). */
  tunnel: [destination: string, forward: PortForward];
  /** A destination's tunnel could not be opened: its connections were refused. */
  'tunnel-failed': [destination: string, error: ErrorInfo];
  'tunnel-state': [destination: string, event: TunnelEvent];
}

/**
 * A SOCKS5 proxy through one instance, as `ssh -D` is through a host: each CONNECT is carried to its
 * destination by a surviving tunnel (startPortForward with AWS-StartPortForwardingSessionToRemoteHost),
 * one tunnel per destination, shared by every connection to it. A destination whose tunnel cannot be
 * opened gets the SOCKS general-failure reply. Close ends every tunnel.
 */
export class SocksProxy extends EventEmitter<SocksProxyEvents> {
  readonly id = randomUUID();
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private readonly opening = new Map<string, Promise<PortForward>>();
  private readonly open = new Map<string, PortForward>();
  private server: Socks5Server | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly context: AwsContext,
    private readonly options: SocksProxyOptions,
  ) {
    super();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** The bound port (the real one when 0 was asked for). */
  get localPort(): number {
    return this.server?.port ?? 0;
  }

  get localHost(): string {
    return this.options.localHost ?? '127.0.0.1';
  }

  /** The open tunnels, by destination. */
  get tunnels(): ReadonlyMap<string, PortForward> {
    return this.open;
  }

  /** The counters of every tunnel, summed. */
  get stats(): ForwardStats {
    const sum: ForwardStats = { connectionsOpen: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0 };
    for (const forward of this.open.values()) {
      sum.connectionsOpen += forward.stats.connectionsOpen;
      sum.connectionsTotal += forward.stats.connectionsTotal;
      sum.bytesIn += forward.stats.bytesIn;
      sum.bytesOut += forward.stats.bytesOut;
    }
    return sum;
  }

  /** Starts listening. */
  async listen(): Promise<void> {
    try {
      this.server = await startSocks5Server(
        { host: this.localHost, port: this.options.localPort ?? 0 },
        (request) => {
          const destination = destinationKey(request.host, request.port);
          this.tunnelTo(destination, request.host, request.port).then(
            (forward) => {
              request.accept();
              forward.attach(request.socket);
            },
            () => request.refuse(),
          );
        },
      );
    } catch (error) {
      const errno = (error as NodeJS.ErrnoException).code;
      throw new ClientError(
        errno === 'EADDRINUSE' ? 'address-in-use' : 'listen-failed',
        `cannot listen on ${this.localHost}:${this.options.localPort ?? 0}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Stops listening and closes every tunnel. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.server?.close();
      const forwards = [...this.opening.values()].map((opening) => opening.catch(() => undefined));
      await Promise.all(forwards.map(async (forward) => (await forward)?.close()));
      this.resolveDone();
    })();
    return this.closing;
  }

  private tunnelTo(destination: string, host: string, port: number): Promise<PortForward> {
    if (this.closing) return Promise.reject(new ClientError('closed', 'the SOCKS proxy is closed'));
    let opening = this.opening.get(destination);
    if (opening) return opening;
    opening = startPortForward(this.context, {
      target: this.options.target,
      remoteHost: host,
      remotePort: port,
      external: true,
      ...(this.options.restart !== undefined ? { restart: this.options.restart } : {}),
      onStateChange: (event) => {
        this.options.onTunnelEvent?.(destination, event);
        this.emit('tunnel-state', destination, event);
      },
    });
    this.opening.set(destination, opening);
    opening.then(
      (forward) => {
        this.open.set(destination, forward);
        this.emit('tunnel', destination, forward);
        // A tunnel that ends for good is forgotten: the next connection opens a new one.
        void forward.done.then(() => {
          if (this.opening.get(destination) === opening) this.opening.delete(destination);
          if (this.open.get(destination) === forward) this.open.delete(destination);
        });
        if (this.closing) void forward.close();
      },
      (error: unknown) => {
        if (this.opening.get(destination) === opening) this.opening.delete(destination);
        this.emit('tunnel-failed', destination, toErrorInfo(error));
      },
    );
    return opening;
  }
}

/** `host:port`, with an IPv6 address in brackets. */
export function destinationKey(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Starts a SOCKS5 proxy through an instance (SocksProxy): resolves once it listens. Tunnels are
 * opened by the first connection to each destination.
 */
export async function startSocksProxy(context: AwsContext, options: SocksProxyOptions): Promise<SocksProxy> {
  const { signal } = options;
  if (signal?.aborted) throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
  const proxy = new SocksProxy(context, options);
  await proxy.listen();
  if (signal) {
    const onAbort = (): void => void proxy.close();
    signal.addEventListener('abort', onAbort, { once: true });
    void proxy.done.then(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) {
      await proxy.close();
      throw new ClientError('aborted', 'cancelled', { cause: signal.reason });
    }
  }
  return proxy;
}
