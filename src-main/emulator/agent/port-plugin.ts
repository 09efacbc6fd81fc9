import type { Socket } from 'node:net';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType, STREAM_DATA_PAYLOAD_SIZE } from '../../protocol/codec/message-type.js';
import { HandlerNotReadyError } from './agent-channel.js';
import { readPause, sleep, type AgentPlugin, type AgentPluginContext } from './agent-plugin.js';
import { compareVersions } from './agent-version-compare.js';
import { ByteQueue } from './byte-queue.js';
import { dialLoopback } from './loopback-dialer.js';
import { encodeSmuxFrame, MAX_FRAME_SIZE, SmuxCommand, SmuxFrameReader } from './agent-smux-server.js';

const FLAG_DISCONNECT_TO_PORT = 1;
const FLAG_TERMINATE_SESSION = 2;
const FLAG_CONNECT_TO_PORT_ERROR = 3;
/** Mux is used for LocalPortForwarding when the client is at least this version (agent port.go). */
const MUX_MIN_CLIENT_VERSION = '1.1.70';
/** Agents up to this version predate mux and always forward in basic mode (spec §7.3). */
const LAST_AGENT_WITHOUT_MUX = '3.0.196.0';
/** Newer agents turn smux keepalive off for clients above this version (spec §7.3)… */
const KEEPALIVE_OFF_ABOVE_CLIENT_VERSION = '1.2.331.0';
/** …older agents (up to this version) keep it on whatever the client. */
const LAST_AGENT_WITH_FIXED_KEEPALIVE = '3.1.1511.0';
const KEEPALIVE_INTERVAL_MS = 10_000;
const KEEPALIVE_TIMEOUT_MS = 30_000;
/** Bytes waiting to go out (or into a destination) before reading pauses or input is refused. */
const HIGH_WATER_BYTES = 1024 * 1024;

interface PortProperties {
  host: string;
  port: number;
  type: string;
}

/**
 * The agent's port plugin (agent/session/plugins/port): basic mode (one destination connection,
 * re-dialled after DisconnectToPort) or mux mode (an smux server, one destination connection per
 * stream, ConnectToPortError when a dial fails), chosen from the client's version as the agent does.
 */
export class PortPlugin implements AgentPlugin {
  private readonly mode: BasicPort | MuxPort;

  constructor(context: AgentPluginContext, agentVersion: string) {
    const properties = readPortProperties(context.properties);
    const mux =
      properties.type === 'LocalPortForwarding' &&
      compareVersions(agentVersion, LAST_AGENT_WITHOUT_MUX) > 0 &&
      compareVersions(context.clientVersion, MUX_MIN_CLIENT_VERSION) >= 0;
    const keepalive =
      compareVersions(agentVersion, LAST_AGENT_WITH_FIXED_KEEPALIVE) <= 0 ||
      compareVersions(context.clientVersion, KEEPALIVE_OFF_ABOVE_CLIENT_VERSION) <= 0;
    this.mode = mux ? new MuxPort(context, properties, keepalive) : new BasicPort(context, properties);
  }

  start(): void {
    this.mode.start();
  }

  onInput(message: ClientMessage): void {
    if (message.payloadType === PayloadType.Flag) {
      const flag = message.payload.length >= 4 ? message.payload.readUInt32BE(0) : -1;
      this.mode.onFlag(flag);
      return;
    }
    if (message.payloadType === PayloadType.Output) this.mode.onData(message.payload);
  }

  cancel(): void {
    this.mode.stop();
  }
}

class BasicPort {
  private destination: Socket | undefined;
  private dialing = false;
  private stopped = false;

  constructor(
    private readonly context: AgentPluginContext,
    private readonly target: PortProperties,
  ) {}

  start(): void {
    void this.dial(true);
  }

  onData(payload: Buffer): void {
    const destination = this.destination;
    if (!destination) {
      // After DisconnectToPort or a destination EOF, the next data re-dials (spec §10).
      if (!this.dialing) void this.dial(false);
      throw new HandlerNotReadyError();
    }
    if (destination.writableLength > HIGH_WATER_BYTES) throw new HandlerNotReadyError();
    destination.write(payload);
  }

  onFlag(flag: number): void {
    if (flag === FLAG_DISCONNECT_TO_PORT) {
      this.destination?.end();
      this.destination = undefined;
    } else if (flag === FLAG_TERMINATE_SESSION) {
      this.stop();
      this.context.finish();
    }
  }

  stop(): void {
    this.stopped = true;
    this.destination?.destroy();
    this.destination = undefined;
  }

  private async dial(initial: boolean): Promise<void> {
    this.dialing = true;
    try {
      const destination = this.context.resolveDestination(this.target.host, this.target.port);
      const socket = await dialLoopback(destination.host, destination.port);
      if (this.stopped) {
        socket.destroy();
        return;
      }
      this.destination = socket;
      // Input refused at the high-water mark may already be acknowledged (it arrived out of order and
      // was buffered), so the client will not resend it: the agent must retry it itself.
      socket.on('drain', () => this.context.ready());
      this.context.ready();
      void this.pump(socket);
    } catch (error) {
      this.context.log(`port dial failed: ${(error as Error).message}`);
      if (initial && this.target.type !== 'LocalPortForwarding') {
        this.context.send(PayloadType.StdErr, Buffer.from(`${(error as Error).message}\n`));
        this.context.finish();
      }
    } finally {
      this.dialing = false;
    }
  }

  private async pump(socket: Socket): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.once('error', () => resolve());
    });
    socket.pause();
    let open = true;
    void ended.then(() => (open = false));
    while (!this.stopped) {
      if (!this.context.isActive()) {
        await sleep(10);
        continue;
      }
      const chunk = socket.read(
        Math.min(STREAM_DATA_PAYLOAD_SIZE, socket.readableLength || STREAM_DATA_PAYLOAD_SIZE),
      ) as Buffer | null;
      if (chunk) {
        this.context.send(PayloadType.Output, chunk);
        await readPause(this.context.pace);
        continue;
      }
      if (!open || socket.readableEnded) break;
      await Promise.race([new Promise((resolve) => socket.once('readable', resolve)), ended]);
    }
    if (this.destination === socket) this.destination = undefined;
    if (this.stopped) return;
    // SSH (no LocalPortForwarding type): the destination's EOF ends the session successfully.
    if (this.target.type !== 'LocalPortForwarding') this.context.finish();
  }
}

interface MuxStream {
  socket: Socket | undefined;
  /** Data received before the dial finished. */
  early: Buffer[];
  finReceived: boolean;
}

class MuxPort {
  private readonly reader = new SmuxFrameReader();
  private readonly streams = new Map<number, MuxStream>();
  private readonly outgoing = new ByteQueue();
  private stopped = false;
  private wake: (() => void) | undefined;
  private lastReceivedAt = Date.now();
  private keepalive: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: AgentPluginContext,
    private readonly target: PortProperties,
    private readonly keepaliveEnabled: boolean,
  ) {}

  start(): void {
    if (this.keepaliveEnabled) {
      this.keepalive = setInterval(() => this.keepaliveTick(), KEEPALIVE_INTERVAL_MS);
      this.keepalive.unref();
    }
    this.context.ready();
    void this.pump();
  }

  onData(payload: Buffer): void {
    if (this.pendingIntoDestinations() > HIGH_WATER_BYTES) throw new HandlerNotReadyError();
    this.lastReceivedAt = Date.now();
    let frames;
    try {
      frames = this.reader.push(payload);
    } catch (error) {
      this.context.log((error as Error).message);
      this.stop();
      this.context.finish();
      return;
    }
    for (const frame of frames) {
      switch (frame.command) {
        case SmuxCommand.Syn:
          this.open(frame.streamId);
          break;
        case SmuxCommand.Psh:
          this.write(frame.streamId, frame.data);
          break;
        case SmuxCommand.Fin:
          this.finish(frame.streamId);
          break;
        default:
          break;
      }
    }
  }

  onFlag(flag: number): void {
    // Mux mode ignores DisconnectToPort; TerminateSession ends the session.
    if (flag === FLAG_TERMINATE_SESSION) {
      this.stop();
      this.context.finish();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.keepalive) clearInterval(this.keepalive);
    for (const stream of this.streams.values()) stream.socket?.destroy();
    this.streams.clear();
    this.wake?.();
  }

  private keepaliveTick(): void {
    if (Date.now() - this.lastReceivedAt > KEEPALIVE_TIMEOUT_MS) {
      this.context.log('smux keepalive timed out: closing the session');
      this.stop();
      this.context.finish();
      return;
    }
    this.enqueue(encodeSmuxFrame(SmuxCommand.Nop, 0));
  }

  private pendingIntoDestinations(): number {
    let total = 0;
    for (const stream of this.streams.values()) total += stream.socket?.writableLength ?? 0;
    return total;
  }

  private open(streamId: number): void {
    const stream: MuxStream = { socket: undefined, early: [], finReceived: false };
    this.streams.set(streamId, stream);
    const destination = this.context.resolveDestination(this.target.host, this.target.port);
    dialLoopback(destination.host, destination.port).then(
      (socket) => {
        if (this.stopped || this.streams.get(streamId) !== stream) {
          socket.destroy();
          return;
        }
        stream.socket = socket;
        // Refused input may be buffered and already acknowledged; retry it once there is room.
        socket.on('drain', () => this.context.ready());
        for (const data of stream.early) socket.write(data);
        stream.early = [];
        if (stream.finReceived) socket.end();
        this.readDestination(streamId, socket);
      },
      (error: Error) => {
        this.context.log(`port dial failed: ${error.message}`);
        if (this.streams.get(streamId) !== stream) return;
        this.streams.delete(streamId);
        this.context.send(PayloadType.Flag, flagPayload(FLAG_CONNECT_TO_PORT_ERROR));
        this.enqueue(encodeSmuxFrame(SmuxCommand.Fin, streamId));
      },
    );
  }

  private write(streamId: number, data: Buffer): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    if (stream.socket) stream.socket.write(data);
    else stream.early.push(data);
  }

  private finish(streamId: number): void {
    const stream = this.streams.get(streamId);
    if (!stream) return;
    stream.finReceived = true;
    // The agent closes both directions when either ends (no half-close over smux v1).
    if (stream.socket) stream.socket.end();
    this.streams.delete(streamId);
  }

  private readDestination(streamId: number, socket: Socket): void {
    socket.on('data', (data: Buffer) => {
      for (let offset = 0; offset < data.length; offset += MAX_FRAME_SIZE) {
        this.enqueue(
          encodeSmuxFrame(SmuxCommand.Psh, streamId, data.subarray(offset, offset + MAX_FRAME_SIZE)),
        );
      }
      if (this.outgoing.length > HIGH_WATER_BYTES) socket.pause();
    });
    const closed = (): void => {
      if (this.streams.has(streamId)) {
        this.streams.delete(streamId);
        this.enqueue(encodeSmuxFrame(SmuxCommand.Fin, streamId));
      }
    };
    socket.once('end', closed);
    socket.once('error', closed);
    socket.once('close', closed);
  }

  private enqueue(frame: Buffer): void {
    if (this.stopped) return;
    this.outgoing.push(frame);
    this.wake?.();
  }

  /** The agent reads its internal smux socket 1024 bytes at a time and sends each read as Output. */
  private async pump(): Promise<void> {
    while (!this.stopped) {
      if (this.outgoing.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      if (!this.context.isActive()) {
        await sleep(10);
        continue;
      }
      this.context.send(PayloadType.Output, this.outgoing.take(STREAM_DATA_PAYLOAD_SIZE));
      if (this.outgoing.length < HIGH_WATER_BYTES / 2) {
        for (const stream of this.streams.values()) stream.socket?.resume();
      }
      await readPause(this.context.pace);
    }
  }
}

function flagPayload(flag: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(flag, 0);
  return payload;
}

function readPortProperties(properties: Record<string, unknown>): PortProperties {
  const text = (value: unknown): string =>
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const port = Number.parseInt(text(properties.portNumber), 10);
  const host = text(properties.host);
  return {
    host: host === '' ? 'localhost' : host,
    port: Number.isInteger(port) ? port : 0,
    type: text(properties.type),
  };
}
