import type { ContractBridge } from '../../../src-shared/contract/contract-client';
import {
  ServerMessageSchema,
  type CallOutcome,
  type RequestEnvelope,
} from '../../../src-shared/contract/envelope';
import { createConnectionStore, type ConnectionStore } from './connection';

/** Backoff between reconnect attempts: quick at first (a restart of the socket), then calmer. */
const BACKOFF_MS = [200, 400, 800, 1600, 3000, 5000];

export interface WebSocketBridgeOptions {
  url: string;
  /** For tests of the bridge itself; the page uses the browser's WebSocket. */
  createSocket?: (url: string) => WebSocket;
}

/**
 * Browser mode's link to the core: the contract's envelopes over one WebSocket to /contract on the
 * page's own origin (the launch's cookie authenticates it). When the socket drops, calls in flight
 * fail with `disconnected`, the bridge reconnects with backoff, and the connection store tells the
 * views to fetch their state again.
 */
export class WebSocketBridge implements ContractBridge {
  readonly connection: ConnectionStore = createConnectionStore('connecting');
  private socket: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (outcome: CallOutcome) => void>();
  /** Calls made before the first connection opened; sent as soon as it does. */
  private readonly queued: string[] = [];
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private everOpened = false;

  constructor(private readonly options: WebSocketBridgeOptions) {
    this.connect();
  }

  request(method: string, params: unknown): Promise<CallOutcome> {
    const id = this.nextId++;
    const envelope: RequestEnvelope = { t: 'req', id, method, params };
    const text = JSON.stringify(envelope);
    const socket = this.socket;
    if (socket?.readyState === WebSocket.OPEN) socket.send(text);
    else if (!this.everOpened) this.queued.push(text);
    else return Promise.resolve(disconnected());
    return new Promise((resolve) => this.pending.set(id, resolve));
  }

  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private connect(): void {
    this.retryTimer = undefined;
    const socket = this.options.createSocket?.(this.options.url) ?? new WebSocket(this.options.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.everOpened = true;
      for (const text of this.queued.splice(0)) socket.send(text);
      const current = this.connection.get();
      this.connection.set({ status: 'open', generation: current.generation + 1, attempts: 0 });
    });
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (this.socket === socket && typeof event.data === 'string') this.receive(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.failPending();
      const current = this.connection.get();
      const attempts = current.status === 'open' ? 0 : current.attempts + 1;
      this.connection.set({
        status: this.everOpened ? 'reconnecting' : 'connecting',
        generation: current.generation,
        attempts,
      });
      const base = BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)] ?? 5000;
      this.retryTimer = setTimeout(() => this.connect(), base * (0.8 + Math.random() * 0.4));
    });
  }

  private receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(message);
    if (!parsed.success) return;
    const data = parsed.data;
    if (data.t === 'evt') {
      for (const listener of [...this.listeners]) listener(data.name, data.payload);
      return;
    }
    // An answer without an id refuses something this bridge never sends (a message it could not read).
    if (data.id === null) return;
    const resolve = this.pending.get(data.id);
    if (!resolve) return;
    this.pending.delete(data.id);
    resolve(data.ok ? { ok: true, result: data.result } : { ok: false, error: data.error });
  }

  private failPending(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve(disconnected());
  }

  /** Stops reconnecting (tests, and a page being torn down). */
  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.failPending();
  }
}

function disconnected(): CallOutcome {
  return {
    ok: false,
    error: { code: 'disconnected', message: 'the connection to SSM Desk was lost' },
  };
}

/** The contract's address on the page's own origin: ws://127.0.0.1:PORT/contract (wss behind TLS). */
export function contractSocketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/contract`;
}
