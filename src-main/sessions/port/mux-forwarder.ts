import type { Duplex } from 'node:stream';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, PortFlag } from '../../protocol/codec/message-type.js';
import type { DeliveryResult } from '../../protocol/reliable-channel.js';
import { SMUX_DEFAULT_KEEPALIVE, SmuxSession, type SmuxStream } from '../../protocol/smux/smux-session.js';
import { SessionError } from '../session-error.js';
import type { SessionTypeContext } from '../session-type.js';
import { OutgoingChunker } from './outgoing-chunker.js';
import { PortNotice, type PortForwardStats } from './port-notices.js';
import { drainedOrClosed } from './socket-drained.js';

/**
 * Multiplexed port forwarding (spec §7.3 "Mux mode"): an smux client over the data channel, one
 * stream per local connection, any number of connections at once.
 *
 * Flow control, since smux v1 has none per stream: uploads read a local socket only while the data
 * channel's window has room (a full window pauses every local socket until it drains). Downloads are
 * written to each local socket at once; only when one socket has more than `perConnectionLimit`
 * unwritten bytes, or all together more than `totalLimit`, does delivery from the data channel wait
 * for it. So a slow client stalls the others only after it is megabytes behind, and memory stays bounded.
 */
export interface MuxForwarderOptions {
  keepAlive: boolean;
  print(text: string): void;
  stats: PortForwardStats;
  perConnectionLimit?: number;
  totalLimit?: number;
}

const DEFAULT_PER_CONNECTION_LIMIT = 4 * 1024 * 1024;
const DEFAULT_TOTAL_LIMIT = 32 * 1024 * 1024;
const KEEPALIVE_TICK_MS = 1_000;

interface Connection {
  socket: Duplex & { writableLength: number };
  stream: SmuxStream;
}

export class MuxForwarder {
  private readonly smux: SmuxSession;
  private readonly chunker: OutgoingChunker;
  private readonly connections = new Set<Connection>();
  private readonly pausedSockets = new Set<Duplex>();
  private waitingForWindow = false;
  private accepted = false;
  private closed = false;
  private readonly keepAliveTimer: NodeJS.Timeout | undefined;
  private readonly perConnectionLimit: number;
  private readonly totalLimit: number;

  constructor(
    private readonly context: SessionTypeContext,
    private readonly options: MuxForwarderOptions,
  ) {
    this.perConnectionLimit = options.perConnectionLimit ?? DEFAULT_PER_CONNECTION_LIMIT;
    this.totalLimit = options.totalLimit ?? DEFAULT_TOTAL_LIMIT;
    this.chunker = new OutgoingChunker((payload) => this.sendPayload(payload));
    this.smux = new SmuxSession({
      role: 'client',
      write: (bytes) => this.chunker.push(bytes),
      keepAlive: options.keepAlive ? SMUX_DEFAULT_KEEPALIVE : false,
      now: () => performance.now(),
      onClose: (reason) => {
        if (!this.closed) {
          context.end({
            kind: 'failed',
            error: new SessionError('mux-failed', `port forwarding failed: ${reason}`),
          });
        }
      },
    });
    if (options.keepAlive) {
      this.keepAliveTimer = setInterval(() => this.smux.tick(), KEEPALIVE_TICK_MS);
      this.keepAliveTimer.unref();
    }
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Takes a local connection (from our listener, or from a SOCKS proxy) and opens a stream for it. */
  attach(socket: Duplex & { writableLength: number }): void {
    // The smux session may have died (keepalive timeout) before the session's end reaches close().
    if (this.closed || this.smux.isClosed) {
      socket.destroy();
      return;
    }
    if (!this.accepted) {
      this.accepted = true;
      this.options.print(PortNotice.muxAccepted(this.context.sessionId));
    }
    const stream = this.smux.openStream();
    const connection: Connection = { socket, stream };
    this.connections.add(connection);
    this.options.stats.connectionsOpen++;
    this.options.stats.connectionsTotal++;

    stream.onData = (chunk) => {
      this.options.stats.bytesIn += chunk.length;
      socket.write(chunk);
    };
    // No half-close (spec §7.3): when either side ends, both are closed.
    stream.onClose = () => socket.end();
    socket.on('data', (chunk: Buffer) => {
      this.options.stats.bytesOut += chunk.length;
      stream.write(chunk);
      if (this.waitingForWindow) this.pauseSocket(socket);
    });
    const finish = (): void => {
      if (!this.connections.delete(connection)) return;
      this.options.stats.connectionsOpen--;
      this.pausedSockets.delete(socket);
      stream.close();
      socket.destroy();
    };
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    if (this.waitingForWindow) this.pauseSocket(socket);
    else socket.resume();
  }

  deliver(message: ClientMessage): DeliveryResult {
    if (message.payloadType === PayloadType.Flag) {
      if (message.payload.length >= 4 && message.payload.readUInt32BE(0) === PortFlag.ConnectToPortError) {
        this.options.print(PortNotice.connectToPortError);
      }
      return 'delivered';
    }
    if (message.payloadType !== PayloadType.Output) return 'delivered';
    this.smux.receive(message.payload);
    return this.backlogWait() ?? 'delivered';
  }

  /** TerminateSession flag, then everything closed (spec §7.3 "Signals"). */
  sendTerminateFlag(): void {
    const flag = Buffer.alloc(4);
    flag.writeUInt32BE(PortFlag.TerminateSession);
    this.context.send(PayloadType.Flag, flag);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    for (const { socket } of this.connections) socket.destroy();
    this.connections.clear();
    this.smux.close('port session ended');
  }

  private sendPayload(payload: Buffer): void {
    if (this.context.send(PayloadType.Output, payload) || this.waitingForWindow) return;
    this.waitingForWindow = true;
    for (const { socket } of this.connections) this.pauseSocket(socket);
    void this.context.writable().then(() => {
      this.waitingForWindow = false;
      for (const socket of this.pausedSockets) socket.resume();
      this.pausedSockets.clear();
    });
  }

  private pauseSocket(socket: Duplex): void {
    socket.pause();
    this.pausedSockets.add(socket);
  }

  /** When local sockets are too far behind, a promise that settles once they have caught up. */
  private backlogWait(): Promise<void> | undefined {
    let total = 0;
    let worst: Connection | undefined;
    for (const connection of this.connections) {
      const backlog = connection.socket.writableLength;
      total += backlog;
      if (!worst || backlog > worst.socket.writableLength) worst = connection;
    }
    if (!worst || (worst.socket.writableLength <= this.perConnectionLimit && total <= this.totalLimit))
      return undefined;
    return drainedOrClosed(worst.socket).then(() => this.backlogWait());
  }
}
