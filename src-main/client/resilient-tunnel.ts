import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { TunnelState } from '../../src-shared/model/channel-state.js';
import type { ErrorInfo } from '../../src-shared/model/error-info.js';
import type { ForwardStats } from '../../src-shared/model/forward-stats.js';
import type { SessionEnd } from '../sessions/session-type.js';
import { toErrorInfo } from './error-info.js';
import { RestartBackoff } from './restart-backoff.js';
import { delay, realTimers, type TunnelTimers } from './tunnel-timers.js';

/** One change of a tunnel's state (only changes: a state is never reported twice in a row). */
export interface TunnelEvent {
  state: TunnelState;
  /** The session the event is about (the new one once a restart has succeeded). */
  sessionId: string;
  /** Why, in a few words: "websocket closed (1006)", "session timed out", "new session", "resumed". */
  detail?: string;
  /** The failure behind a `restarting` or `closed` state, as plain data. */
  error?: ErrorInfo;
}

/** A replacement StartSession failed; another is tried after `retryInMs`. */
export interface RestartFailure {
  /** 1 for the first failed attempt of this outage. */
  attempt: number;
  retryInMs: number;
  error: ErrorInfo;
}

/** Connections that waited for a session longer than the hold limit were closed. */
export interface HeldConnectionsClosed {
  count: number;
  waitedMs: number;
}

/**
 * A PortForward's events and their arguments: 'state' changes, 'stats' counters, 'retry' when a
 * replacement session failed to start, and 'held-closed' when waiting connections were given up.
 */
export interface PortForwardEvents {
  state: [event: TunnelEvent];
  /** The counters, at most once per second while they change (and once more when the tunnel closes). */
  stats: [stats: ForwardStats];
  retry: [failure: RestartFailure];
  'held-closed': [closed: HeldConnectionsClosed];
}

/** One session carrying the tunnel, as the tunnel sees it (start-port-forward.ts makes real ones). */
export interface TunnelSession {
  readonly sessionId: string;
  /** Carries one more local connection. */
  attach(socket: Socket): void;
  readonly done: Promise<SessionEnd>;
  /** Stops forwarding and ends the session. */
  close(): Promise<void>;
}

/** What a session of the tunnel is given: where to count, and whom to tell about its websocket. */
export interface TunnelSessionContext {
  /** The tunnel's counters, shared by all its sessions. */
  readonly stats: ForwardStats;
  /** The session's websocket was lost and is being resumed, was resumed, or is gone for good. */
  onChannelState(state: 'reconnecting' | 'open' | 'closed', detail?: string): void;
}

/** Starts a session for the tunnel; rejects when it cannot (and at once when `signal` aborts). */
export type OpenTunnelSession = (
  context: TunnelSessionContext,
  signal: AbortSignal,
) => Promise<TunnelSession>;

export interface ResilientTunnelOptions {
  /** Replace a lost session with a new one (default true). */
  restart?: boolean;
  /** Every state change, also before start() resolves (the 'state' event has no listener yet then). */
  onStateChange?(event: TunnelEvent): void;
  /** The local port connections arrive on, for `localPort`. */
  localPort?: () => number;
  /** Runs when the tunnel ends for good, before `closed` is reported (closes the local listener). */
  onClosed?: () => Promise<void>;
  timers?: TunnelTimers;
  backoff?: RestartBackoff;
  holdLimitMs?: number;
  maxHeld?: number;
  statsIntervalMs?: number;
}

/**
 * How long a connection may wait for a session: past this, while StartSession keeps failing, it is
 * closed (and a 'held-closed' event says so) rather than held for ever.
 */
export const HOLD_LIMIT_MS = 120_000;
/** Connections held while no session is ready; more than this are refused rather than queued. */
export const MAX_HELD_CONNECTIONS = 1_000;
const STATS_INTERVAL_MS = 1_000;

interface Live {
  session: TunnelSession;
  adoptedAt: number;
  /** Set the moment the session is over (before its handler is disposed), so new sockets are held. */
  ended: boolean;
}

/**
 * A tunnel that outlives its sessions: it holds local connections while no session can take them
 * (resuming, or replacing a lost session), replaces lost sessions with backoff over the whole outage
 * (restart-backoff.ts), closes connections held longer than the hold limit, and reports each state
 * change once and its counters as events. Its `id` stays the same across sessions. Every timer it
 * starts ends with close().
 */
export class ResilientTunnel extends EventEmitter<PortForwardEvents> {
  readonly id = randomUUID();
  readonly stats: ForwardStats;
  readonly done: Promise<SessionEnd>;
  private resolveDone!: (end: SessionEnd) => void;
  private readonly counters: ForwardStats = {
    connectionsOpen: 0,
    connectionsTotal: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  private readonly timers: TunnelTimers;
  private readonly backoff: RestartBackoff;
  private readonly holdLimitMs: number;
  private readonly maxHeld: number;
  private readonly statsIntervalMs: number;
  /** Aborted by close(): ends retry waits and session starts under way. */
  private readonly stopping = new AbortController();
  private live: Live | undefined;
  private readonly held = new Map<Socket, number>();
  private holdTimer: unknown;
  private statsTimer: unknown;
  private lastStatsAt = Number.NEGATIVE_INFINITY;
  private currentState: TunnelState = 'connecting';
  private currentSessionId = '';
  private closing: Promise<void> | undefined;
  private finished = false;

  constructor(
    private readonly open: OpenTunnelSession,
    private readonly options: ResilientTunnelOptions = {},
  ) {
    super();
    this.timers = options.timers ?? realTimers;
    this.backoff = options.backoff ?? new RestartBackoff();
    this.holdLimitMs = options.holdLimitMs ?? HOLD_LIMIT_MS;
    this.maxHeld = options.maxHeld ?? MAX_HELD_CONNECTIONS;
    this.statsIntervalMs = options.statsIntervalMs ?? STATS_INTERVAL_MS;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    // The forwarders count into this object; each change schedules a 'stats' event.
    this.stats = new Proxy(this.counters, {
      set: (target, key, value: number) => {
        target[key as keyof ForwardStats] = value;
        this.statsChanged();
        return true;
      },
    });
  }

  /** The current session; changes when a restart succeeds (`id` does not). */
  get sessionId(): string {
    return this.currentSessionId;
  }

  get state(): TunnelState {
    return this.currentState;
  }

  get localPort(): number {
    return this.options.localPort?.() ?? 0;
  }

  /** Connections waiting for a session. */
  get heldConnections(): number {
    return this.held.size;
  }

  /** Opens the first session; rejects (and ends the tunnel) when it cannot start. */
  async start(): Promise<void> {
    try {
      this.adopt(await this.openSession());
    } catch (error) {
      this.closing ??= this.finish({ kind: 'failed', error: error as Error }, error);
      await this.closing;
      throw error;
    }
  }

  /** Carries one more local connection through the tunnel, or holds it until a session can. */
  attach(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    // While the socket is being resumed, a new stream could die with a session that turns out to be
    // lost; holding it costs only the wait.
    if (this.live && !this.live.ended && this.currentState === 'open') {
      this.live.session.attach(socket);
      return;
    }
    if (this.held.size >= this.maxHeld) {
      socket.destroy();
      return;
    }
    // Paused since accept (pauseOnConnect): nothing is read until a session takes it.
    this.held.set(socket, this.timers.now());
    socket.once('close', () => this.held.delete(socket));
    socket.on('error', () => socket.destroy());
    this.scheduleHoldCheck();
  }

  /** Stops forwarding, ends the session and every timer; the tunnel reports `closed` once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopping.abort();
      const live = this.live;
      if (live && !live.ended) await live.session.close().catch(() => undefined);
      await this.finish({ kind: 'local', reason: 'closed' });
    })();
    return this.closing;
  }

  private async openSession(): Promise<TunnelSession> {
    const slot: { session?: TunnelSession } = {};
    const session = await this.open(
      {
        stats: this.stats,
        onChannelState: (state, detail) => {
          const live = this.live;
          if (!live || live.session !== slot.session) return;
          if (state === 'closed') live.ended = true;
          if (this.closing) return;
          if (state === 'reconnecting') this.setState('reconnecting', detail);
          else if (state === 'open') {
            this.setState('open', 'resumed');
            this.releaseHeld();
          }
        },
      },
      this.stopping.signal,
    );
    slot.session = session;
    return session;
  }

  /** Makes `session` the current one: hands it the held connections and watches its end. */
  private adopt(session: TunnelSession): void {
    const live: Live = { session, adoptedAt: this.timers.now(), ended: false };
    this.live = live;
    this.currentSessionId = session.sessionId;
    this.setState('open', 'new session');
    this.releaseHeld();
    void session.done.then((end) => this.sessionEnded(live, end));
  }

  private releaseHeld(): void {
    const live = this.live;
    if (!live || live.ended) return;
    for (const socket of this.held.keys()) live.session.attach(socket);
    this.held.clear();
    this.timers.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private sessionEnded(live: Live, end: SessionEnd): void {
    live.ended = true;
    if (this.closing || this.live !== live) return;
    if (this.options.restart === false || end.kind === 'local' || end.kind === 'input-ended') {
      this.closing = this.finish(end);
      return;
    }
    this.setState('restarting', describeEnd(end), end.kind === 'failed' ? end.error : undefined);
    void this.replace(this.timers.now() - live.adoptedAt);
  }

  /** StartSession again until one works or the tunnel is closed, waiting as the backoff says. */
  private async replace(upMs: number): Promise<void> {
    let wait = this.backoff.sessionLost(upMs);
    for (let attempt = 1; ; attempt++) {
      if (wait > 0) await delay(this.timers, wait, this.stopping.signal);
      if (this.closing) return;
      try {
        const next = await this.openSession();
        if (this.closing) {
          await next.close().catch(() => undefined);
          return;
        }
        this.adopt(next);
        return;
      } catch (error) {
        if (this.closing) return;
        wait = this.backoff.attemptFailed();
        this.emit('retry', { attempt, retryInMs: wait, error: toErrorInfo(error) });
      }
    }
  }

  /** Closes connections that have waited past the hold limit, then waits for the next oldest. */
  private scheduleHoldCheck(): void {
    if (this.holdTimer !== undefined || this.held.size === 0) return;
    const oldest = Math.min(...this.held.values());
    const due = Math.max(0, oldest + this.holdLimitMs - this.timers.now());
    this.holdTimer = this.timers.setTimeout(() => {
      this.holdTimer = undefined;
      const now = this.timers.now();
      let count = 0;
      for (const [socket, heldAt] of this.held) {
        if (now - heldAt < this.holdLimitMs) continue;
        this.held.delete(socket);
        socket.destroy();
        count++;
      }
      if (count > 0) this.emit('held-closed', { count, waitedMs: this.holdLimitMs });
      this.scheduleHoldCheck();
    }, due);
  }

  private statsChanged(): void {
    if (this.statsTimer !== undefined || this.currentState === 'closed') return;
    const wait = Math.max(0, this.lastStatsAt + this.statsIntervalMs - this.timers.now());
    this.statsTimer = this.timers.setTimeout(() => {
      this.statsTimer = undefined;
      this.emitStats();
    }, wait);
  }

  private emitStats(): void {
    this.lastStatsAt = this.timers.now();
    this.emit('stats', { ...this.counters });
  }

  /** The tunnel ends for good: no held connection, no timer; `closed` reported once; `done` resolved. */
  private async finish(end: SessionEnd, error?: unknown): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stopping.abort();
    for (const socket of this.held.keys()) socket.destroy();
    this.held.clear();
    this.timers.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    await this.options.onClosed?.().catch(() => undefined);
    const pendingStats = this.statsTimer !== undefined;
    this.timers.clearTimeout(this.statsTimer);
    this.statsTimer = undefined;
    if (pendingStats) this.emitStats();
    // close() is the caller's own doing: `closed` needs no reason then.
    const closedByCaller = end.kind === 'local' && end.reason === 'closed';
    this.setState(
      'closed',
      closedByCaller ? undefined : describeEnd(end),
      error ?? (end.kind === 'failed' ? end.error : undefined),
    );
    this.resolveDone(end);
  }

  private setState(state: TunnelState, detail?: string, error?: unknown): void {
    if (this.currentState === 'closed' || state === this.currentState) return;
    this.currentState = state;
    const event: TunnelEvent = {
      state,
      sessionId: this.currentSessionId,
      ...(detail ? { detail } : {}),
      ...(error !== undefined ? { error: toErrorInfo(error) } : {}),
    };
    this.options.onStateChange?.(event);
    this.emit('state', event);
  }
}

/** A session's end in a few words, for `detail`. */
export function describeEnd(end: SessionEnd): string {
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
