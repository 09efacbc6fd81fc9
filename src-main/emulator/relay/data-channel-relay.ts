import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  DataChannelHost,
  EmulatorConfig,
  FaultSettings,
  InstanceDirectory,
  KmsBackend,
  SessionDirectory,
} from '../model.js';
import { parseOpenDataChannel } from './open-data-channel-request.js';
import { RelayedSession } from './relayed-session.js';

const PATH_PATTERN = /^\/v1\/data-channel\/([A-Za-z0-9_.@+=-]+)$/;
/** A client that connects but never sends OpenDataChannel is dropped after this long. */
const OPEN_TIMEOUT_MS = 10_000;
/** Largest frame the service accepts from a client: a 1024-byte payload plus header, with room to spare. */
const MAX_FRAME_BYTES = 256 * 1024;

export interface DataChannelRelayOptions {
  sessions: SessionDirectory;
  instances: InstanceDirectory;
  kms: KmsBackend;
  config: () => EmulatorConfig;
  log(text: string): void;
}

/**
 * The data-channel endpoint (the service's MGS side, spec §3 and §10): upgrades
 * /v1/data-channel/<id>, checks the OpenDataChannel token, and hands the socket to the session's relay.
 */
export class DataChannelRelay implements DataChannelHost {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly relayed = new Map<string, RelayedSession>();
  private readonly sessionFaults = new Map<string, FaultSettings>();
  private globalFaults: FaultSettings | undefined;

  constructor(private readonly options: DataChannelRelayOptions) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const match = PATH_PATTERN.exec(url.pathname);
    const sessionId = match?.[1];
    const record = sessionId ? this.options.sessions.get(sessionId) : undefined;
    if (!sessionId || !record) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => this.awaitOpen(sessionId, ws));
  }

  terminate(sessionId: string): void {
    this.relayed.get(sessionId)?.terminate();
  }

  setFaults(sessionId: string | undefined, faults: FaultSettings | undefined): void {
    if (sessionId === undefined) this.globalFaults = faults;
    else if (faults === undefined) this.sessionFaults.delete(sessionId);
    else this.sessionFaults.set(sessionId, faults);
  }

  dropClientSockets(sessionId?: string): number {
    let dropped = 0;
    for (const session of this.relayed.values()) {
      if (sessionId !== undefined && session.sessionId !== sessionId) continue;
      if (session.dropClient()) dropped++;
    }
    return dropped;
  }

  /** Ends every session (agents killed) and closes every socket. */
  close(): void {
    for (const session of this.relayed.values()) session.terminate();
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private awaitOpen(sessionId: string, ws: WebSocket): void {
    const timer = setTimeout(() => ws.terminate(), OPEN_TIMEOUT_MS);
    timer.unref();
    ws.on('error', () => ws.terminate());
    ws.once('message', (data, isBinary) => {
      clearTimeout(timer);
      const request = isBinary ? undefined : parseOpenDataChannel(data.toString());
      if (!request || !this.options.sessions.acceptsToken(sessionId, request.tokenValue)) {
        this.options.log(`${sessionId}: data channel refused (missing or invalid token)`);
        ws.close(1008, 'invalid token');
        return;
      }
      this.options.log(`${sessionId}: data channel opened`);
      this.sessionFor(sessionId)?.attach(ws);
    });
  }

  private sessionFor(sessionId: string): RelayedSession | undefined {
    const existing = this.relayed.get(sessionId);
    if (existing) return existing;
    const record = this.options.sessions.get(sessionId);
    if (!record) return undefined;
    const instance = this.options.instances.get(record.target);
    const session = new RelayedSession(record, {
      sessions: this.options.sessions,
      kms: this.options.kms,
      config: this.options.config,
      globalFaults: () => this.globalFaults,
      agentVersion: instance?.agentVersion ?? '3.3.1611.0',
      instanceFaults: instance?.faults,
      sessionFaults: () => this.sessionFaults.get(sessionId),
      log: this.options.log,
      onForgotten: () => {
        this.relayed.delete(sessionId);
        this.sessionFaults.delete(sessionId);
      },
    });
    this.relayed.set(sessionId, session);
    return session;
  }
}
