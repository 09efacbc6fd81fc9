import type { Duplex } from 'node:stream';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, PortFlag, STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';
import type { DeliveryResult } from '../../protocol/reliable-channel.js';
import type { SessionTypeContext } from '../session-type.js';
import { PortNotice, type PortForwardStats } from './port-notices.js';
import { drainedOrClosed } from './socket-drained.js';

type LocalSocket = Duplex & { writableLength: number };

/**
 * Basic port forwarding for agents at or below 3.0.196.0 (spec §7.3 "Basic mode"): one local
 * connection at a time; later ones wait their turn (Go simply does not accept them yet). Local bytes go
 * out as Output payloads of at most 1024 bytes; every payload from the agent is written to the
 * connection; when the connection ends we send Flag DisconnectToPort and take the next one.
 * Output that arrives while no connection is open is held back unacknowledged (spec §12.9).
 */
export class BasicForwarder {
  private active: LocalSocket | undefined;
  private readonly waiting: LocalSocket[] = [];
  private accepted = false;
  private closed = false;

  constructor(
    private readonly context: SessionTypeContext,
    private readonly options: { print(text: string): void; stats: PortForwardStats },
  ) {}

  attach(socket: LocalSocket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    socket.on('error', () => socket.destroy());
    if (this.active) {
      this.waiting.push(socket);
      socket.once('close', () => {
        const index = this.waiting.indexOf(socket);
        if (index >= 0) this.waiting.splice(index, 1);
      });
      return;
    }
    this.activate(socket);
  }

  deliver(message: ClientMessage): DeliveryResult {
    const socket = this.active;
    if (!socket) return 'not-ready';
    this.options.stats.bytesIn += message.payload.length;
    if (socket.write(message.payload)) return 'delivered';
    return drainedOrClosed(socket);
  }

  sendTerminateFlag(): void {
    this.sendFlag(PortFlag.TerminateSession);
  }

  close(): void {
    this.closed = true;
    this.active?.destroy();
    for (const socket of this.waiting.splice(0)) socket.destroy();
  }

  private activate(socket: LocalSocket): void {
    this.active = socket;
    this.options.stats.connectionsOpen++;
    this.options.stats.connectionsTotal++;
    if (!this.accepted) {
      this.accepted = true;
      this.options.print(PortNotice.basicAccepted(this.context.sessionId));
    }
    socket.on('data', (chunk: Buffer) => {
      this.options.stats.bytesOut += chunk.length;
      let blocked = false;
      for (let offset = 0; offset < chunk.length; offset += STREAM_DATA_PAYLOAD_SIZE) {
        if (!this.context.send(PayloadType.Output, chunk.subarray(offset, offset + STREAM_DATA_PAYLOAD_SIZE)))
          blocked = true;
      }
      if (blocked) {
        socket.pause();
        void this.context.writable().then(() => socket.resume());
      }
    });
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.options.stats.connectionsOpen--;
      socket.destroy();
      if (this.closed) return;
      this.sendFlag(PortFlag.DisconnectToPort);
      this.active = undefined;
      const next = this.waiting.shift();
      if (next) this.activate(next);
    };
    socket.on('end', finish);
    socket.on('close', finish);
    socket.resume();
    // Messages held while no connection was open can go to this one now.
    this.context.resumeDelivery();
  }

  private sendFlag(flag: number): void {
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(flag);
    this.context.send(PayloadType.Flag, payload);
  }
}
