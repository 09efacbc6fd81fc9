import type { Agent } from 'node:http';
import WebSocket from 'ws';

/**
 * One websocket connection to the data-channel endpoint, as the Go client makes it (spec §3): no extra
 * headers or subprotocol, a 45 s handshake timeout, a `keepalive` ping at open and every 5 minutes,
 * and a close that drops the TCP socket without a close frame. Every frame received, text or binary,
 * is handed on as bytes (Go parses both kinds as binary messages).
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
  /** The connection ended for any reason other than our own `close()`. */
  onLost(reason: string): void;
  /** Everything queued has been handed to the kernel (after `bufferedAmount` had grown). */
  onDrain?(): void;
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 45_000;
const DEFAULT_PING_INTERVAL_MS = 5 * 60_000;
/** Real frames are about 1.2 kB; refusing huge ones bounds memory against a misbehaving peer. */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

export class WebSocketLink {
  private closedByUs = false;
  private pingTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly socket: WebSocket,
    events: WebSocketLinkEvents,
    pingIntervalMs: number,
  ) {
    socket.on('message', (data: WebSocket.RawData) => {
      events.onFrame(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    const lost = (reason: string): void => {
      this.stopPing();
      if (this.closedByUs) return;
      this.closedByUs = true;
      events.onLost(reason);
    };
    socket.on('close', (code: number) => lost(`websocket closed (${code})`));
    // ws has no drain event of its own; its TCP socket's tells when the queue is empty again.
    const raw = (socket as unknown as { _socket?: NodeJS.EventEmitter })._socket;
    raw?.on('drain', () => events.onDrain?.());
    socket.on('error', (error: Error) => {
      lost(`websocket error: ${error.message}`);
      socket.terminate();
    });
    this.ping();
    this.pingTimer = setInterval(() => this.ping(), pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Dials and resolves once the websocket is open; rejects with a one-line reason otherwise. */
  static connect(options: WebSocketLinkOptions, events: WebSocketLinkEvents): Promise<WebSocketLink> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(options.url, {
          handshakeTimeout: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
          perMessageDeflate: false,
          followRedirects: false,
          maxPayload: MAX_FRAME_BYTES,
          agent: options.agent,
          ca: options.ca,
        });
      } catch (error) {
        reject(new Error(`cannot open data channel: ${(error as Error).message}`));
        return;
      }
      const onError = (error: Error): void => {
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        reject(new Error(`cannot open data channel: ${error.message}`));
      };
      socket.once('error', onError);
      socket.once('unexpected-response', (_request, response) => {
        onError(new Error(`unexpected HTTP status ${response.statusCode ?? 'unknown'}`));
      });
      socket.once('open', () => {
        socket.removeListener('error', onError);
        socket.removeAllListeners('unexpected-response');
        resolve(new WebSocketLink(socket, events, options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS));
      });
    });
  }

  get open(): boolean {
    return !this.closedByUs && this.socket.readyState === WebSocket.OPEN;
  }

  private corked = false;

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
