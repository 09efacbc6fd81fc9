import type { WebSocket } from 'ws';
import { encodeClientMessage } from '../../protocol/codec/client-message.js';
import { HeaderFlags, MessageType, PayloadType } from '../../protocol/codec/message-type.js';
import { newUuid } from '../../protocol/codec/wire-uuid.js';
import { SimulatedAgent } from '../agent/simulated-agent.js';
import type { EmulatorConfig, FaultSettings, KmsBackend, SessionDirectory, SessionRecord } from '../model.js';
import { FaultLink, mergeFaults } from './fault-link.js';
import { IDLE_TIMEOUT_TEXT, IdleTimer, idleTimeoutMs } from './idle-timeout.js';
import { destinationResolver } from '../inventory/host-map.js';

const NO_FAULTS: FaultSettings = Object.freeze({});
const AGENT_SESSION_STATE = Buffer.from(MessageType.AgentSessionState);
const INPUT_STREAM_DATA = Buffer.from(MessageType.InputStreamData);
/** The 32-byte MessageType field starts after the 4-byte HeaderLength (spec §1). */
const MESSAGE_TYPE_OFFSET = 4;

/** How long an ended session keeps its channel_closed for a client that is reconnecting. */
const ENDED_SESSION_GRACE_MS = 60_000;

export interface RelayedSessionContext {
  sessions: SessionDirectory;
  kms: KmsBackend;
  config: () => EmulatorConfig;
  agentVersion: string;
  sessionFaults: () => FaultSettings | undefined;
  /** Faults set through the control API for every session. */
  globalFaults: () => FaultSettings | undefined;
  instanceFaults: FaultSettings | undefined;
  log(text: string): void;
  onForgotten(): void;
}

/**
 * The service (MGS) side of one session: relays binary frames between the client's websocket and the
 * simulated agent through a faulty link, starts the agent when the client first connects, pauses the
 * agent while no client is connected, and sends channel_closed when the agent ends or the session is
 * terminated. A client that reconnects (after ResumeSession) replaces the previous socket.
 */
export class RelayedSession {
  private client: WebSocket | undefined;
  private toClient: FaultLink | undefined;
  private toAgent: FaultLink | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private agent: SimulatedAgent | undefined;
  private ended: { output: string } | undefined;
  private idle: IdleTimer | undefined;

  constructor(
    private readonly record: SessionRecord,
    private readonly context: RelayedSessionContext,
  ) {}

  get sessionId(): string {
    return this.record.sessionId;
  }

  attach(socket: WebSocket): void {
    this.detach(true);
    this.client = socket;
    const faults = (): FaultSettings => {
      const layers = [
        this.context.config().faults,
        this.context.instanceFaults,
        this.context.globalFaults(),
        this.context.sessionFaults(),
      ];
      // The common case (no faults anywhere) costs no allocation per frame.
      return layers.every((layer) => layer === undefined) ? NO_FAULTS : mergeFaults(undefined, ...layers);
    };
    const toClient = new FaultLink((frame) => {
      if (socket.readyState !== socket.OPEN) return;
      corkUntilNextTick(socket);
      socket.send(frame);
    }, faults);
    const toAgent = new FaultLink((frame) => this.agent?.receive(frame), faults);
    this.toClient = toClient;
    this.toAgent = toAgent;
    socket.on('message', (data, isBinary) => {
      if (this.client !== socket) return;
      // After OpenDataChannel the service relays binary protocol frames; other text is ignored.
      if (!isBinary) return;
      const frame = toBuffer(data);
      // The service's idle clock counts the user's input: input_stream_data of any payload type
      // (keystrokes, a Size message, port data, flags). Acknowledges and pings are not activity.
      if (isMessageType(frame, INPUT_STREAM_DATA)) this.idle?.touch();
      toAgent.push(frame);
    });
    socket.on('close', () => {
      if (this.client === socket) this.detach(false);
    });
    // Checked every 250 ms rather than armed once, so faults set while the client is connected apply
    // to the current socket too.
    const attachedAt = Date.now();
    this.killTimer = setInterval(() => {
      const killEvery = faults().killEverySeconds;
      if (this.client !== socket || !killEvery || killEvery <= 0) return;
      if (Date.now() - attachedAt >= killEvery * 1000) socket.terminate();
    }, 250);
    this.killTimer.unref();
    if (this.ended) {
      this.sendChannelClosed(this.ended.output);
      return;
    }
    if (this.agent) {
      this.agent.setPaused(false);
      return;
    }
    this.startAgent();
  }

  /** Drops the client's socket as a network failure would (no close frame). */
  dropClient(): boolean {
    const socket = this.client;
    if (!socket) return false;
    socket.terminate();
    this.detach(false);
    return true;
  }

  /** TerminateSession: the agent is cancelled and the client gets channel_closed. */
  terminate(): void {
    if (this.ended) return;
    this.agent?.cancel();
    this.end('');
  }

  private startAgent(): void {
    const config = this.context.config();
    // The idle clock starts with the session's first connection, as the agent does.
    this.idle = new IdleTimer(
      () => idleTimeoutMs(this.context.config().preferences),
      () => {
        this.context.log(`${this.record.sessionId}: idle timeout, session terminated`);
        this.agent?.cancel();
        this.end(IDLE_TIMEOUT_TEXT);
      },
    );
    const kmsKeyId = config.preferences.kmsKeyId;
    const instance = config.instances.find((i) => i.instanceId === this.record.target);
    this.agent = new SimulatedAgent({
      session: this.record,
      agentVersion: this.context.agentVersion,
      kms: this.context.kms,
      kmsKeyId,
      requireKmsChallengeResponse: config.preferences.requireKmsChallengeResponse ?? false,
      shellProfile: config.preferences.shellProfile,
      pace: config.agentPace ?? 'fast',
      resend: config.agentResend ?? 'real',
      resolveDestination: destinationResolver(config),
      ...(instance ? { host: instance } : {}),
      backlog: () => this.client?.bufferedAmount ?? 0,
      write: (frame) => this.fromAgent(frame),
      onClosed: ({ error }) => this.end(error ?? ''),
      log: (text) => this.context.log(`${this.record.sessionId}: ${text}`),
    });
    this.agent.start();
  }

  private fromAgent(frame: Buffer): void {
    // The agent's session state is for the service; it is not passed on to the client.
    if (isMessageType(frame, AGENT_SESSION_STATE)) return;
    this.toClient?.push(frame);
  }

  private end(output: string): void {
    if (this.ended) return;
    this.ended = { output };
    this.idle?.stop();
    this.context.sessions.setStatus(this.record.sessionId, 'Terminated');
    if (this.client) this.sendChannelClosed(output);
    setTimeout(() => this.context.onForgotten(), ENDED_SESSION_GRACE_MS).unref();
  }

  /** channel_closed is the service's own message: it bypasses fault injection (spec §4.6). */
  private sendChannelClosed(output: string): void {
    const socket = this.client;
    if (!socket) return;
    const payload = Buffer.from(
      JSON.stringify({
        MessageId: newUuid(),
        CreatedDate: String(Date.now()),
        DestinationId: '',
        SessionId: this.record.sessionId,
        MessageType: MessageType.ChannelClosed,
        SchemaVersion: 1,
        Output: output,
      }),
    );
    const frame = encodeClientMessage({
      messageType: MessageType.ChannelClosed,
      sequenceNumber: 0,
      payloadType: PayloadType.Undefined,
      payload,
      flags: HeaderFlags.SynFin,
    });
    // Give frames still held by the fault link (reorder, delay) a moment to go out first.
    setTimeout(() => {
      if (socket.readyState === socket.OPEN) socket.send(frame, () => socket.close(1000));
      this.detach(false);
    }, 60).unref();
  }

  private detach(replacing: boolean): void {
    if (this.killTimer) clearInterval(this.killTimer);
    this.killTimer = undefined;
    this.toClient?.close();
    this.toAgent?.close();
    this.toClient = undefined;
    this.toAgent = undefined;
    const socket = this.client;
    this.client = undefined;
    if (replacing && socket) socket.terminate();
    // With no client connected, the service pauses the agent's publication (spec §4.5).
    if (!replacing) this.agent?.setPaused(true);
  }
}

/**
 * Compares only the start of the type field: decoding every frame would cost more than the relay, and
 * no message type is a prefix of another.
 */
function isMessageType(frame: Buffer, type: Buffer): boolean {
  return frame.subarray(MESSAGE_TYPE_OFFSET, MESSAGE_TYPE_OFFSET + type.length).equals(type);
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Frames relayed in one event-loop turn go out in one write (see the client's websocket link). */
function corkUntilNextTick(socket: WebSocket): void {
  const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void; writableCorked: number } })
    ._socket;
  if (!raw || raw.writableCorked > 0) return;
  raw.cork();
  process.nextTick(() => raw.uncork());
}
