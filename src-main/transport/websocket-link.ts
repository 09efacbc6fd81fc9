import type { Agent } from 'node:http';
import WebSocket from 'ws';
import { TransportError } from './transport-error.js';

/**
 * One websocket connection to the data-channel endpoint, as the Go client makes it (spec §3): no extra
 * headers or subprotocol, a 45 s handshake timeout, a `keepalive` ping at open and every 5 minutes,
 * and a close that drops the TCP socket without a close frame. Every frame received, text or binary,
 * is handed on as bytes: Go parses both kinds as binary messages, so a text frame is not checked for
 * valid UTF-8 either (ws would otherwise drop the socket over a binary message sent as text).
 */
export interface WebSocketLinkOptions {
  url: string;
  handshakeTimeoutMs?: number;
  pingIntervalMs?: number;
  /** An HTTP(S) agent, e.g. for a CONNECT proxy or a custom CA bundle. */
  agent?: Agent;
  /** Extra CA certificates (AWS_CA_BUNDLE). */
  ca?: string | Buffer;
}

export interface WebSocketLinkEvents {
  onFrame(frame: Buffer): void;
  /** The connection ended for any reason other than our own `close()` (code 'connection-lost'). */
  onLost(error: TransportError): void;
  /** Everything queued has been handed to the kernel (after `bufferedAmount` had grown). */
  onDrain?(): void;
}

/** What the data channel needs of a connection; WebSocketLink is the real one, tests supply others. */
export interface Link {
  /** Bytes queued but not yet handed to the kernel. */
  readonly bufferedAmount: number;
  sendText(text: string): boolean;
  sendBinary(frame: Buffer): boolean;
  /** Stops (true) or restarts (false) reading: TCP backpressure towards the peer. */
  pauseReading(paused: boolean): void;
  close(): void;
}

/** Dials one link; rejects with a TransportError ('aborted' when `signal` fires first). */
export type LinkConnector = (events: WebSocketLinkEvents, signal: AbortSignal) => Promise<Link>;

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 45_000;
const DEFAULT_PING_INTERVAL_MS = 5 * 60_000;
/** Real frames are about 1.2 kB; refusing huge ones bounds memory against a misbehaving peer. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export class WebSocketLink implements Link {
  private closedByUs = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private corked = false;

  private constructor(
    private readonly socket: WebSocket,
    events: WebSocketLinkEvents,
    pingIntervalMs: number,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      // A copy per frame: a frame held by the reliability layer must not pin the whole socket read
      // buffer it was sliced from, or its memory bound would count bytes it does not see.
      events.onFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    const lost = (text: string, cause?: Error): void => {
      this.stopPing();
      if (this.closedByUs) return;
      this.closedByUs = true;
      events.onLost(new TransportError('connection-lost', text, cause ? { cause } : undefined));
    };
    socket.on('close', (code: number) => lost(`websocket closed (${code})`));
    // ws has no drain event of its own; its TCP socket's tells when the queue is empty again.
    const raw = (socket as unknown as { _socket?: NodeJS.EventEmitter })._socket;
    raw?.on('drain', () => events.onDrain?.());
    socket.on('error', (error: Error) => {
      lost(`websocket error: ${error.message}`, error);
      socket.terminate();
    });
    this.ping();
    this.pingTimer = setInterval(() => this.ping(), pingIntervalMs);
    this.pingTimer.unref();
  }

  /**
   * Dials and resolves once the websocket is open; rejects with a TransportError otherwise. The
   * handshake timeout is our own timer rather than ws's, so that it has a code of its own.
   */
  static connect(
    options: WebSocketLinkOptions,
    events: WebSocketLinkEvents,
    signal?: AbortSignal,
  ): Promise<WebSocketLink> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new TransportError('aborted', 'connecting was aborted'));
        return;
      }
      let socket: WebSocket;
      try {
        socket = new WebSocket(options.url, {
          perMessageDeflate: false,
          followRedirects: false,
          maxPayload: MAX_FRAME_BYTES,
          skipUTF8Validation: true,
          agent: options.agent,
          ca: options.ca,
        });
      } catch (error) {
        reject(
          new TransportError('invalid-url', `invalid stream URL: ${(error as Error).message}`, {
            cause: error,
          }),
        );
        return;
      }
      let settled = false;
      const fail = (error: TransportError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(error);
      };
      const onAbort = (): void => fail(new TransportError('aborted', 'connecting was aborted'));
      const timeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
      const timer = setTimeout(
        () =>
          fail(
            new TransportError(
              'handshake-timeout',
              `no websocket handshake within ${Math.round(timeoutMs / 1000)} s`,
            ),
          ),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (error: Error) =>
        fail(new TransportError('dial-failed', error.message, { cause: error })),
      );
      socket.once('unexpected-response', (_request, response) =>
        fail(
          new TransportError(
            'unexpected-response',
            `unexpected HTTP status ${response.statusCode ?? 'unknown'}`,
          ),
        ),
      );
      socket.once('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeAllListeners('error');
        socket.removeAllListeners('unexpected-response');
        resolve(new WebSocketLink(socket, events, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS));
      });
    });
  }

  get open(): boolean {
    return !this.closedByUs && this.socket.readyState === WebSocket.OPEN;
  }

  sendText(text: string): boolean {
    if (!this.open) return false;
    this.socket.send(text, { binary: false });
    return true;
  }

  sendBinary(frame: Buffer): boolean {
    if (!this.open) return false;
    this.corkUntilNextTick();
    this.socket.send(frame, { binary: true });
    return true;
  }

  pauseReading(paused: boolean): void {
    if (!this.open) return;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }

  /**
   * Frames (data and acks) sent in one event-loop turn leave in one write: one syscall instead of one
   * per 1 KiB frame, which was the largest single cost of a busy tunnel. `_socket` is ws's own TCP
   * socket; when a ws version lacks it, frames simply go out one by one.
   */
  private corkUntilNextTick(): void {
    if (this.corked) return;
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!raw) return;
    raw.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      raw.uncork();
    });
  }

  /** Bytes queued in the socket but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** Drops the connection without a close frame, as gorilla's Conn.Close() does. */
  close(): void {
    this.closedByUs = true;
    this.stopPing();
    this.socket.terminate();
  }

  private ping(): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.ping('keepalive');
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}
