import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeAcknowledge, parseAcknowledge } from '../../protocol/acknowledge.js';
import { channelClosedPayload } from '../../protocol/channel-closed.js';
import { encodeClientMessage, parseFrame, type ClientMessage } from '../../protocol/codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from '../../protocol/codec/message-type.js';
import { newUuid } from '../../protocol/codec/wire-uuid.js';

/**
 * The service's side of a data channel for tests: a real websocket server on 127.0.0.1 that records
 * what the client sends (parsed with the codec) and lets the test speak as MGS and the agent. Written
 * for the transport and session tests only; the emulator is the full simulation.
 */
export interface OpenDataChannelRequest {
  MessageSchemaVersion: string;
  RequestId: string;
  TokenValue: string;
  ClientId: string;
  ClientVersion: string;
}

export class FakeConnection {
  open: OpenDataChannelRequest | undefined;
  readonly received: ClientMessage[] = [];
  /** Acknowledged sequence numbers, parsed once on arrival (tests check them after every message). */
  private readonly acked: number[] = [];
  private readonly watchers = new Set<() => void>();
  private closedByPeer = false;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary && !this.open) this.open = JSON.parse(data.toString('utf8')) as OpenDataChannelRequest;
      else {
        const message = parseFrame(data);
        this.received.push(message);
        if (message.messageType === MessageType.Acknowledge) {
          this.acked.push(parseAcknowledge(message.payload).acknowledgedMessageSequenceNumber);
        }
      }
      this.notify();
    });
    socket.on('close', () => {
      this.closedByPeer = true;
      this.notify();
    });
  }

  /** True once the client's side of this socket is gone. */
  get closed(): boolean {
    return this.closedByPeer;
  }

  /** Resolves once `condition` holds, re-checked after every message and on close (no polling). */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        this.watchers.delete(check);
        resolve();
      };
      this.watchers.add(check);
    });
  }

  /** The first message received so far or later that matches. */
  async waitFor(match: (message: ClientMessage) => boolean): Promise<ClientMessage> {
    await this.until(() => this.received.some(match));
    return this.received.find(match) as ClientMessage;
  }

  /** Stream messages from the client (input_stream_data), in the order received, copies included. */
  streams(): ClientMessage[] {
    return this.received.filter((m) => m.messageType === MessageType.InputStreamData);
  }

  /** Sequence numbers the client acknowledged, in order. */
  acks(): number[] {
    return this.acked.slice();
  }

  /** How many acks arrived so far (cheap enough to test after every message). */
  get ackCount(): number {
    return this.acked.length;
  }

  send(frame: Buffer, binary = true): void {
    this.socket.send(frame, { binary });
  }

  /** An output_stream_data message as the agent sends it (Flags SYN on seq 0). */
  sendStream(sequenceNumber: number, payloadType: number, payload: Uint8Array | string, binary = true): void {
    this.send(agentFrame(sequenceNumber, payloadType, payload), binary);
  }

  /** The agent's ack for one of the client's messages. */
  ack(sequenceNumber: number): void {
    this.send(
      encodeAcknowledge({ messageType: MessageType.InputStreamData, messageId: newUuid(), sequenceNumber }),
    );
  }

  channelClosed(payload: Buffer | string, binary = true): void {
    this.send(
      encodeClientMessage({
        messageType: MessageType.ChannelClosed,
        sequenceNumber: 0,
        flags: HeaderFlags.SynFin,
        payloadType: PayloadType.Undefined,
        payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
      }),
      binary,
    );
  }

  /** Drops the TCP connection without a close frame. */
  drop(): void {
    this.socket.terminate();
  }

  private notify(): void {
    for (const check of [...this.watchers]) check();
  }
}

export function agentFrame(
  sequenceNumber: number,
  payloadType: number,
  payload: Uint8Array | string,
): Buffer {
  return encodeClientMessage({
    messageType: MessageType.OutputStreamData,
    sequenceNumber,
    flags: sequenceNumber === 0 ? HeaderFlags.Syn : HeaderFlags.None,
    payloadType,
    payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
  });
}

export function closedPayload(output: string): Buffer {
  return channelClosedPayload({
    messageId: newUuid(),
    createdDate: String(Date.now()),
    destinationId: 'i-0123456789abcdef0',
    sessionId: 'session-1',
    schemaVersion: 1,
    output,
  });
}

export class FakeService {
  readonly connections: FakeConnection[] = [];
  private readonly waiting: Array<(connection: FakeConnection) => void> = [];

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      const connection = new FakeConnection(socket);
      this.connections.push(connection);
      this.waiting.shift()?.(connection);
    });
  }

  /**
   * `onUpgrade` may refuse or hold a connection before the websocket handshake (e.g. to drop every
   * connection at once, as a broken proxy does).
   */
  static async start(
    options: { verifyClient?: (done: (accept: boolean, code?: number) => void) => void } = {},
  ): Promise<FakeService> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: options.verifyClient
        ? (_info: unknown, done: (accept: boolean, code?: number) => void) => options.verifyClient?.(done)
        : undefined,
    });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return new FakeService(server, `ws://127.0.0.1:${port}/v1/data-channel/session-1?role=publish_subscribe`);
  }

  /** The next connection to arrive (or the first one not yet taken). */
  nextConnection(): Promise<FakeConnection> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** The OpenDataChannel of connection `index`, once it has arrived. */
  async opened(index: number): Promise<OpenDataChannelRequest> {
    const connection = await this.connection(index);
    await connection.until(() => connection.open !== undefined);
    return connection.open as OpenDataChannelRequest;
  }

  /** Connection `index` (0-based), once it exists. */
  async connection(index: number): Promise<FakeConnection> {
    while (this.connections.length <= index) await this.nextConnection();
    return this.connections[index] as FakeConnection;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
