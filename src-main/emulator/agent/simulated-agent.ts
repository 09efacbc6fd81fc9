import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { PayloadType } from '../../protocol/codec/message-type.js';
import { sealPayload, openPayload } from '../../protocol/codec/payload-cipher.js';
import type { KmsBackend, SessionRecord } from '../model.js';
import { AgentChannel, HandlerNotReadyError } from './agent-channel.js';
import {
  buildHandshakeComplete,
  buildHandshakeRequest,
  CHALLENGE_TIMEOUT_TEXT,
  EncryptionChallenge,
  HANDSHAKE_TIMEOUT_TEXT,
  processHandshakeResponse,
} from './agent-handshake.js';
import type { AgentPlugin, AgentPluginContext } from './agent-plugin.js';
import { compareVersions } from './agent-version-compare.js';
import { CommandPlugin } from './command-plugin.js';
import { HostCommands, instanceHost } from './instance-host.js';
import { NonceCounter } from './nonce-counter.js';
import { PortPlugin } from './port-plugin.js';
import { sessionEnvironment } from './session-environment.js';
import { ShellPlugin } from './shell-plugin.js';

/** The agent waits this long for each handshake answer (spec §5). */
const HANDSHAKE_STEP_TIMEOUT_MS = 15_000;
/** PrepareToCloseChannel: poll every 10 ms for an empty buffer, at most 2 s (spec §10). */
const CLOSE_POLL_MS = 10;
const CLOSE_WAIT_MS = 2000;

export interface SimulatedAgentOptions {
  session: Pick<SessionRecord, 'sessionId' | 'target' | 'sessionType' | 'properties'>;
  agentVersion: string;
  kms: KmsBackend;
  kmsKeyId: string | undefined;
  requireKmsChallengeResponse: boolean;
  shellProfile: string | undefined;
  pace: 'real' | 'fast';
  resend: 'real' | 'every-expired';
  /** The host map (AgentPluginContext.resolveDestination); default: every destination as named. */
  resolveDestination?: (host: string, port: number) => { host: string; port: number };
  /** The instance's private DNS name and address: shells and commands answer `hostname` with them. */
  host?: { privateDnsName: string; privateIpAddress: string };
  /** Bytes queued towards the client and not yet sent (the relay's websocket bufferedAmount). */
  backlog(): number;
  /** The agent's side of its data channel: frames towards the service. */
  write(frame: Buffer): void;
  /** The agent closed its data channel; `error` is set when the session failed to start. */
  onClosed(outcome: { error?: string }): void;
  log(text: string): void;
}

/** Bytes queued towards the client beyond which the plugins stop reading, as a blocked write would. */
const LINK_BACKLOG_LIMIT = 256 * 1024;

type Phase = 'handshake' | 'running' | 'closing' | 'closed';

/**
 * One simulated SSM agent session (agent/session/plugins/sessionplugin): Connected state, the
 * handshake when the plugin requires it or KMS is on, then the plugin; when the plugin ends, drain the
 * buffer and close. Shares only the codec with the client.
 */
export class SimulatedAgent {
  private readonly channel: AgentChannel;
  private phase: Phase = 'handshake';
  private plugin: AgentPlugin | undefined;
  private clientVersion = '';
  private waiting: { payloadType: number; resolve: (payload: Buffer) => void } | undefined;
  private hostCommands: HostCommands | undefined;

  constructor(private readonly options: SimulatedAgentOptions) {
    this.channel = new AgentChannel({
      write: (frame) => options.write(frame),
      onStreamMessage: (message) => this.onStreamMessage(message),
      onDiagnostic: (text) => options.log(text),
      resend: options.resend,
      backlog: options.backlog,
    });
  }

  /** Frames from the service (the client's frames, relayed, and publication control). */
  receive(frame: Buffer): void {
    this.channel.receive(frame);
  }

  setPaused(paused: boolean): void {
    this.channel.setPaused(paused);
  }

  start(): void {
    this.channel.sendSessionState('Connected');
    void this.run();
  }

  /** The session was terminated: kill the plugin's process, no Terminating state (spec §10). */
  cancel(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.plugin?.cancel();
    this.channel.close();
    this.disposeHost();
  }

  private get isPort(): boolean {
    return this.options.session.sessionType === 'Port';
  }

  private async run(): Promise<void> {
    const encrypted = Boolean(this.options.kmsKeyId) && !this.isPort;
    const requiresHandshake = this.isPort || this.options.session.sessionType === 'NonInteractiveCommands';
    if (requiresHandshake || encrypted) {
      try {
        await this.handshake(encrypted);
      } catch (error) {
        if (this.phase === 'closed') return;
        const text = `Encountered error while initiating handshake. ${(error as Error).message}`;
        this.options.log(text);
        this.phase = 'closed';
        this.channel.close();
        this.options.onClosed({ error: text });
        return;
      }
    }
    if (this.phase === 'closed') return;
    this.phase = 'running';
    this.plugin = this.createPlugin();
    this.plugin.start();
  }

  private async handshake(encrypted: boolean): Promise<void> {
    const startedAt = process.hrtime.bigint();
    const { session } = this.options;
    const pending = buildHandshakeRequest({
      agentVersion: this.options.agentVersion,
      sessionType: session.sessionType,
      properties: this.isPort ? session.properties : null,
      kmsKeyId: encrypted ? this.options.kmsKeyId : undefined,
    });
    this.channel.sendStream(PayloadType.HandshakeRequest, pending.payload);
    const responsePayload = await this.waitFor(PayloadType.HandshakeResponse, HANDSHAKE_TIMEOUT_TEXT);
    const outcome = processHandshakeResponse(responsePayload, pending, {
      sessionId: session.sessionId,
      instanceId: session.target,
      kms: this.options.kms,
      requireChallengeResponse: this.options.requireKmsChallengeResponse,
    });
    this.clientVersion = outcome.clientVersion;
    if (outcome.keys) {
      const keys = outcome.keys;
      const nonces = new NonceCounter();
      const challenge = new EncryptionChallenge(keys, nonces);
      this.channel.sendStream(PayloadType.EncChallengeRequest, challenge.requestPayload());
      challenge.verify(await this.waitFor(PayloadType.EncChallengeResponse, CHALLENGE_TIMEOUT_TEXT));
      this.channel.enableEncryption(
        (payload) => sealPayload(keys.agentToClient, payload, nonces.next()),
        (payload) => openPayload(keys.clientToAgent, payload),
      );
    }
    this.channel.sendStream(
      PayloadType.HandshakeComplete,
      buildHandshakeComplete({
        startedAt,
        encrypted: outcome.keys !== undefined,
        separateOutputNoticeNeeded:
          session.sessionType === 'NonInteractiveCommands' &&
          separateOutputRequested(session.properties) &&
          compareVersions(this.clientVersion, '1.2.295') <= 0,
      }),
    );
  }

  private waitFor(payloadType: number, timeoutText: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(timeoutText));
      }, HANDSHAKE_STEP_TIMEOUT_MS);
      timer.unref();
      this.waiting = {
        payloadType,
        resolve: (payload) => {
          clearTimeout(timer);
          this.waiting = undefined;
          resolve(payload);
        },
      };
    });
  }

  private onStreamMessage(message: ClientMessage): void {
    if (this.phase === 'handshake') {
      // Until the handshake completes, everything but its answers is acknowledged and dropped.
      if (this.waiting && message.payloadType === this.waiting.payloadType)
        this.waiting.resolve(message.payload);
      return;
    }
    if (this.phase !== 'running' || !this.plugin) throw new HandlerNotReadyError();
    this.plugin.onInput(message);
  }

  private createPlugin(): AgentPlugin {
    const context: AgentPluginContext = {
      sessionId: this.options.session.sessionId,
      instanceId: this.options.session.target,
      properties: this.options.session.properties,
      clientVersion: this.clientVersion,
      ...(this.options.session.sessionType === 'Port' ? {} : { environment: this.environment() }),
      pace: this.options.pace,
      resolveDestination: this.options.resolveDestination ?? ((host, port) => ({ host, port })),
      send: (payloadType, payload) => this.channel.sendStream(payloadType, payload),
      // A full link blocks the real agent's websocket write, and with it the plugin's read loop.
      isActive: () =>
        !this.channel.isPaused && this.phase === 'running' && this.options.backlog() <= LINK_BACKLOG_LIMIT,
      ready: () => this.channel.resumeDelivery(),
      finish: () => void this.prepareToClose(),
      log: (text) => this.options.log(text),
    };
    const linux = this.options.session.properties.linux;
    const linuxCommands =
      typeof linux === 'object' && linux !== null ? (linux as Record<string, unknown>).commands : undefined;
    switch (this.options.session.sessionType) {
      case 'Standard_Stream':
        return new ShellPlugin(context, { shellProfile: this.options.shellProfile });
      case 'InteractiveCommands':
        return new ShellPlugin(context, { command: typeof linuxCommands === 'string' ? linuxCommands : '' });
      case 'NonInteractiveCommands':
        return new CommandPlugin(context);
      case 'Port':
        return new PortPlugin(context, this.options.agentVersion);
    }
  }

  private async prepareToClose(): Promise<void> {
    if (this.phase !== 'running') return;
    this.phase = 'closing';
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while (this.channel.hasUnacknowledged && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, CLOSE_POLL_MS));
    }
    if (this.phase !== 'closing') return;
    // Port sessions close without the Terminating state (spec §10).
    if (!this.isPort) this.channel.sendSessionState('Terminating');
    this.phase = 'closed';
    this.channel.close();
    this.disposeHost();
    this.options.onClosed({});
  }

  /** The session's processes' environment: the scrubbed one, with the instance's `hostname` first on PATH. */
  private environment(): Record<string, string> {
    const base = sessionEnvironment(process.env);
    const host = this.options.host;
    if (!host) return base;
    this.hostCommands ??= HostCommands.create(instanceHost(host.privateDnsName, host.privateIpAddress));
    return { ...base, ...this.hostCommands.environment(base.PATH) };
  }

  private disposeHost(): void {
    this.hostCommands?.dispose();
    this.hostCommands = undefined;
  }
}

function separateOutputRequested(properties: Record<string, unknown>): boolean {
  const linux = properties.linux;
  const section =
    typeof linux === 'object' && linux !== null ? (linux as Record<string, unknown>) : properties;
  const value = section.separateOutputStream;
  return (
    value === true || (typeof value === 'string' && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value))
  );
}
