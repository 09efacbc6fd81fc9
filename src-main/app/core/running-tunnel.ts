import type { ErrorInfo } from '../../../src-shared/model/error-info.js';
import type { ForwardStats } from '../../../src-shared/model/forward-stats.js';
import type { TunnelRunState, TunnelSpec, TunnelStatus } from '../../../src-shared/model/tunnel.js';
import type { AwsContext } from '../../aws/aws-context.js';
import { toErrorInfo } from '../../client/error-info.js';
import type { TunnelEvent } from '../../client/resilient-tunnel.js';
import { startSocksProxy, type SocksProxy } from '../../client/socks-proxy.js';
import { startPortForward, type PortForward } from '../../client/start-port-forward.js';

/** How many state changes a status keeps, for the row that shows what a tunnel went through. */
const HISTORY_LENGTH = 20;

const EMPTY_STATS: ForwardStats = { connectionsOpen: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0 };

/**
 * One started tunnel: the library's surviving port forward (or SOCKS proxy) and its status as the
 * tunnel manager shows it. The library resumes lost sockets and replaces lost sessions while the
 * local port stays open; this only turns its events into states a row can show.
 */
export class RunningTunnel {
  private status: TunnelStatus;
  private forward: PortForward | SocksProxy | undefined;
  private readonly abort = new AbortController();

  constructor(
    readonly spec: TunnelSpec,
    private readonly changed: (status: TunnelStatus) => void,
  ) {
    this.status = { id: spec.id, state: 'stopped', stats: { ...EMPTY_STATS }, history: [] };
  }

  get current(): TunnelStatus {
    return this.status;
  }

  get running(): boolean {
    return this.status.state !== 'stopped' && this.status.state !== 'failed';
  }

  /** Resolves once forwarding (or listening, for SOCKS); rejects when the first session cannot start. */
  async start(context: AwsContext, instanceId: string): Promise<void> {
    this.status = { id: this.spec.id, state: 'stopped', stats: { ...EMPTY_STATS }, history: [] };
    this.update('starting', { detail: 'starting session', startedAt: Date.now() });
    const { spec } = this;
    try {
      if (spec.kind === 'socks') {
        const proxy = await startSocksProxy(context, {
          target: instanceId,
          localPort: spec.localPort,
          localHost: spec.bindAddress,
          signal: this.abort.signal,
          onTunnelEvent: (destination, event) => this.onTunnelEvent(event, destination),
        });
        this.forward = proxy;
        proxy.on('tunnel', (_destination, forward) => forward.on('stats', () => this.setStats(proxy.stats)));
        proxy.on('tunnel-failed', (destination, error) =>
          this.update('forwarding', { detail: `${destination}: ${error.message}` }),
        );
        this.update('forwarding', { detail: 'SOCKS5 proxy listening', localPort: proxy.localPort });
      } else {
        const forward = await startPortForward(context, {
          target: instanceId,
          remotePort: spec.remotePort ?? 0,
          ...(spec.remoteHost ? { remoteHost: spec.remoteHost } : {}),
          ...(spec.localSocket
            ? { localSocket: spec.localSocket }
            : { localPort: spec.localPort, localHost: spec.bindAddress }),
          signal: this.abort.signal,
          onStateChange: (event) => this.onTunnelEvent(event),
        });
        this.forward = forward;
        forward.on('stats', (stats) => this.setStats(stats));
        forward.on('retry', (failure) =>
          this.update('restarting', {
            detail: `retry in ${Math.ceil(failure.retryInMs / 1000)} s: ${failure.error.message}`,
            error: failure.error,
          }),
        );
        forward.on('held-closed', () =>
          this.update(this.status.state, { detail: 'waiting connections closed' }),
        );
        void forward.done.then(() => {
          if (this.running) this.update('stopped', { detail: 'the session ended' });
        });
        this.update('forwarding', { localPort: forward.localPort, sessionId: forward.sessionId });
      }
    } catch (error) {
      this.fail(toErrorInfo(error));
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.forward?.close();
    this.forward = undefined;
    if (this.status.state !== 'failed') this.update('stopped', { detail: 'stopped' });
  }

  fail(error: ErrorInfo): void {
    this.update('failed', { error, detail: error.message });
  }

  private onTunnelEvent(event: TunnelEvent, destination?: string): void {
    const where = destination ? `${destination}: ` : '';
    const state = stateOf(event.state);
    if (state === undefined) return;
    // A SOCKS proxy keeps forwarding while one destination's tunnel recovers: that is a detail.
    if (destination && state !== 'resuming' && state !== 'restarting') return;
    this.update(destination ? this.status.state : state, {
      detail: `${where}${event.detail ?? event.state}`,
      ...(destination ? {} : { sessionId: event.sessionId }),
      ...(event.error ? { error: event.error } : {}),
    });
  }

  private setStats(stats: ForwardStats): void {
    this.status = { ...this.status, stats: { ...stats } };
    this.changed(this.status);
  }

  private update(
    state: TunnelRunState,
    fields: Partial<Omit<TunnelStatus, 'id' | 'state' | 'history'>>,
  ): void {
    const previous = this.status;
    // One entry per state the tunnel went through; a new detail in the same state updates it.
    const last = previous.history.at(-1);
    const entry = { at: Date.now(), state, ...(fields.detail ? { detail: fields.detail } : {}) };
    const history =
      last?.state === state
        ? [...previous.history.slice(0, -1), { ...entry, at: last.at }]
        : [...previous.history, entry].slice(-HISTORY_LENGTH);
    const next: TunnelStatus = { ...previous, ...fields, state, history };
    if (state === 'forwarding' && !fields.error) delete next.error;
    if (state === 'stopped') delete next.localPort;
    this.status = next;
    this.changed(next);
  }
}

/** The library's states as a row shows them; its `closed` is handled by stop()/done. */
function stateOf(state: TunnelEvent['state']): TunnelRunState | undefined {
  switch (state) {
    case 'connecting':
      return 'starting';
    case 'open':
      return 'forwarding';
    case 'reconnecting':
      return 'resuming';
    case 'restarting':
      return 'restarting';
    case 'closed':
      return undefined;
  }
}
