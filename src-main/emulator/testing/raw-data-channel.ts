import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import {
  decodeClientMessage,
  encodeClientMessage,
  type ClientMessage,
} from '../../protocol/codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from '../../protocol/codec/message-type.js';

/**
 * A deliberately small data-channel client for the emulator's own tests, written on the codec only
 * (the emulator may not import the client's engine): it opens the channel, acknowledges every agent
 * message, records output and channel_closed, and sends input with its own sequence numbers. No
 * resends, no reordering, no handshake: enough for plain shell sessions on a loss-free link.
 */
export class RawDataChannel {
  readonly messages: ClientMessage[] = [];
  private output = '';
  private closedOutput: string | undefined;
  private nextSequence = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return;
      const message = decodeClientMessage(data);
      this.messages.push(message);
      if (message.messageType === MessageType.OutputStreamData) {
        this.acknowledge(message);
        if (message.payloadType === PayloadType.Output) this.output += message.payload.toString('utf8');
      } else if (message.messageType === MessageType.ChannelClosed) {
        const payload = JSON.parse(message.payload.toString('utf8')) as { Output?: string };
        this.closedOutput = payload.Output ?? '';
      }
      this.wake();
    });
    socket.on('close', () => this.wake());
  }

  /** Connects to a StartSession StreamUrl and sends OpenDataChannel with the token. */
  static async open(streamUrl: string, token: string): Promise<RawDataChannel> {
    const socket = new WebSocket(streamUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const channel = new RawDataChannel(socket);
    socket.send(
      JSON.stringify({
        MessageSchemaVersion: '1.0',
        RequestId: randomUUID(),
        TokenValue: token,
        ClientId: randomUUID(),
        ClientVersion: '1.2.707.0',
      }),
    );
    return channel;
  }

  /** Every Output payload received so far, as text. */
  get text(): string {
    return this.output;
  }

  /** The channel_closed Output once the service sent it; undefined before. */
  get channelClosed(): string | undefined {
    return this.closedOutput;
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Sends one input_stream_data message (keystrokes with Output, a terminal size with Size). */
  send(payloadType: number, payload: string | Buffer): void {
    this.socket.send(
      encodeClientMessage({
        messageType: MessageType.InputStreamData,
        sequenceNumber: this.nextSequence,
        payloadType,
        payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
        flags: this.nextSequence === 0 ? HeaderFlags.Syn : HeaderFlags.None,
      }),
    );
    this.nextSequence++;
  }

  /** The no-op size message our clients send as a keepalive. */
  sendSize(cols: number, rows: number): void {
    this.send(PayloadType.Size, JSON.stringify({ cols, rows }));
  }

  /** Resolves when `condition` holds (checked on every message and on close), or rejects after `timeoutMs`. */
  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output so far: ${this.output}`),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private acknowledge(message: ClientMessage): void {
    this.socket.send(
      encodeClientMessage({
        messageType: MessageType.Acknowledge,
        sequenceNumber: 0,
        payloadType: PayloadType.Undefined,
        flags: HeaderFlags.SynFin,
        payload: Buffer.from(
          JSON.stringify({
            AcknowledgedMessageType: message.messageType,
            AcknowledgedMessageId: message.messageId,
            AcknowledgedMessageSequenceNumber: message.sequenceNumber,
            IsSequentialMessage: true,
          }),
        ),
      }),
    );
  }
}
