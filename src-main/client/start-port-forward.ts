import type { Socket } from 'node:net';
import type { AwsContext } from '../aws/aws-context.js';
import { listenLocal, type LocalListener } from '../sessions/port/local-listener.js';
import { PortSession } from '../sessions/port/port-session.js';
import { newPortForwardStats, type PortForwardStats } from '../sessions/port/port-notices.js';
import type { Session } from '../sessions/session.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { sleep } from '../transport/retry-delays.js';
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
  /** Every state change, for status lines and the app. */
  onStateChange?(event: TunnelEvent): void;
  /** The Go plugin's notices for accepted connections; silent by default. */
  print?(text: string): void;
}

/**
 * connecting: StartSession and the handshake. open: forwarding. reconnecting: the socket was lost and
 * the session is being resumed (spec §8). restarting: the session is gone; a new one is being started.
 * closed: close() was called, or the session ended and restart is off.
 */
export type TunnelState = 'connecting' | 'open' | 'reconnecting' | 'restarting' | 'closed';

export interface TunnelEvent {
  state: TunnelState;
  /** The session the event is about (the new one once a restart has succeeded). */
  sessionId: string;
  /** Why, in a few words: "socket closed", "session timed out", "retry in 4 s: ThrottlingException". */
  detail?: string;
}

export interface PortForward {
  /** The current session; changes when a restart succeeds. */
  readonly sessionId: string;
  readonly state: TunnelState;
  /** The bound local port (the real one when 0 was asked for); 0 with `external`. */
  readonly localPort: number;
  /** Counters across every session this forward has used. */
  readonly stats: PortForwardStats;
  /** Carries one more local connection through the tunnel (held while a new session starts). */
  attach(socket: Socket): void;
  /** Stops forwarding and ends the session. */
  close(): Promise<void>;
  /** Resolves when the forward ends for good: close(), or a session end with restart off. */
  readonly done: Promise<SessionEnd>;
}

/** Backoff between StartSession attempts after a session is lost: 1 s doubling to 30 s, for ever. */
const RESTART_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000];
/** A tunnel gives up resuming sooner than a shell: a new session is the better way back. */
const TUNNEL_RECONNECT_BUDGET_MS = 60_000;
/** Connections held while no session is ready; more than this are refused rather than queued. */
const MAX_HELD_CONNECTIONS = 1_000;

interface LiveSession {
  session: Session;
  port: PortSession;
  /** Set the moment the session ends, before its handler is disposed, so new sockets are held. */
  ended?: boolean;
}

/**
 * Forwards a local TCP port to a port on (or reachable from) an instance, and keeps doing so across
 * socket losses (resume) and lost sessions (a fresh StartSession). Resolves once the first session is
 * forwarding; rejects when that first session cannot start.
 */
export async function startPortForward(
  context: AwsContext,
  options: PortForwardOptions,
): Promise<PortForward> {
  const forward = new ResilientPortForward(context, options);
  await forward.start();
  return forward;
}

class ResilientPortForward implements PortForward {
  readonly stats = newPortForwardStats();
  readonly done: Promise<SessionEnd>;
  private resolveDone!: (end: SessionEnd) => void;
  private listener: LocalListener | undefined;
  private live: LiveSession | undefined;
  private held = new Set<Socket>();
  private currentState: TunnelState = 'connecting';
  private currentSessionId = '';
  private closing = false;

  constructor(
    private readonly context: AwsContext,
    private readonly options: PortForwardOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  get sessionId(): string {
    return this.currentSessionId;
  }

  get state(): TunnelState {
    return this.currentState;
  }

  get localPort(): number {
    return this.listener?.port ?? 0;
  }

  async start(): Promise<void> {
    // The listener belongs to the forward, not to a session, so it outlives restarts.
    if (!this.options.external) {
      this.listener = await listenLocal(
        this.options.localSocket !== undefined
          ? { kind: 'unix', path: this.options.localSocket }
          : { kind: 'tcp', host: this.options.localHost ?? '127.0.0.1', port: this.options.localPort ?? 0 },
        (socket) => this.attach(socket),
      );
    }
    try {
      this.adopt(await this.openSession());
    } catch (error) {
      await this.listener?.close();
      this.setState('closed', (error as Error).message);
      throw error;
    }
  }

  attach(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    // While the socket is being resumed, a new stream could die with a session that turns out to be
    // lost; holding it costs only the wait.
    if (this.live && !this.live.ended && this.currentState === 'open') {
      this.live.port.attach(socket);
      return;
    }
    if (this.held.size >= MAX_HELD_CONNECTIONS) {
      socket.destroy();
      return;
    }
    // Paused since accept (pauseOnConnect): nothing is read until a session takes it.
    this.held.add(socket);
    socket.once('close', () => this.held.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
    const live = this.live;
    if (live) {
      const outcome = await live.port.stop();
      if (outcome === 'ended') live.session.end({ kind: 'local', reason: 'closed' });
      await Promise.race([live.session.done, sleep(5_000)]);
      live.session.end({ kind: 'local', reason: 'closed' });
    }
    await this.listener?.close();
    this.setState('closed', 'closed');
    this.resolveDone({ kind: 'local', reason: 'closed' });
  }

  /** StartSession, the data channel and the handshake; resolves once the Port handler exists. */
  private async openSession(): Promise<LiveSession> {
    const parameters: Record<string, string> = {
      portNumber: String(this.options.remotePort),
      localPortNumber: String(this.listener?.port ?? 0),
    };
    if (this.options.remoteHost) parameters.host = this.options.remoteHost;
    const start = await startSsmSession(this.context, {
      target: this.options.target,
      documentName: this.options.remoteHost
        ? 'AWS-StartPortForwardingSessionToRemoteHost'
        : 'AWS-StartPortForwardingSession',
      parameters,
    });
    this.currentSessionId = start.sessionId;
    if (this.currentState === 'connecting') this.setState('connecting', 'starting session');
    let resolveReady!: (port: PortSession) => void;
    const ready = new Promise<PortSession>((resolve) => (resolveReady = resolve));
    const session = createSession(
      this.context,
      start,
      this.options.target,
      {
        Port: async (typeContext) => {
          const port = await PortSession.create(typeContext, {
            print: this.options.print ?? (() => undefined),
            listen: false,
            stats: this.stats,
          });
          resolveReady(port);
          return port;
        },
      },
      {
        onStateChange: (state, detail) => {
          if (this.live?.session !== session) return;
          if (state === 'closed') this.live.ended = true;
          if (this.closing) return;
          if (state === 'reconnecting') this.setState('reconnecting', detail);
          else if (state === 'open') {
            this.setState('open', 'resumed');
            this.releaseHeld(this.live);
          }
        },
      },
      { reconnectBudgetMs: TUNNEL_RECONNECT_BUDGET_MS },
    );
    await session.start();
    const port = await Promise.race([
      ready,
      session.done.then((end) => {
        throw end.kind === 'failed'
          ? end.error
          : new Error(`session ended before forwarding started (${describeEnd(end)})`);
      }),
    ]);
    return { session, port };
  }

  /** Makes `live` the current session: hands it the held connections and watches its end. */
  private adopt(live: LiveSession): void {
    this.live = live;
    this.setState('open', 'new session');
    this.releaseHeld(live);
    void live.session.done.then((end) => this.onSessionEnded(live, end));
  }

  private releaseHeld(live: LiveSession): void {
    for (const socket of this.held) live.port.attach(socket);
    this.held.clear();
  }

  private async onSessionEnded(live: LiveSession, end: SessionEnd): Promise<void> {
    if (this.closing || this.live !== live) return;
    if (this.options.restart === false || end.kind === 'local' || end.kind === 'input-ended') {
      this.closing = true;
      for (const socket of this.held) socket.destroy();
      await this.listener?.close();
      this.setState('closed', describeEnd(end));
      this.resolveDone(end);
      return;
    }
    this.setState('restarting', describeEnd(end));
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        const next = await this.openSession();
        if (this.closing) {
          next.session.end({ kind: 'local', reason: 'closed' });
          return;
        }
        this.adopt(next);
        return;
      } catch (error) {
        if (this.closing) return;
        const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)] ?? 30_000;
        this.setState('restarting', `retry in ${delay / 1000} s: ${(error as Error).message}`);
        await sleep(delay);
      }
    }
  }

  private setState(state: TunnelState, detail?: string): void {
    if (this.currentState === 'closed') return;
    this.currentState = state;
    this.options.onStateChange?.({ state, sessionId: this.currentSessionId, detail });
  }
}

function describeEnd(end: SessionEnd): string {
  switch (end.kind) {
    case 'closed':
      return end.output ? `closed by the service: ${end.output}` : 'closed by the service';
    case 'timed-out':
      return 'session timed out';
    case 'failed':
      return end.error.message;
    case 'input-ended':
    case 'local':
      return end.reason;
  }
}
