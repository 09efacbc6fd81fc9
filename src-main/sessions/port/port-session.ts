import type { Duplex } from 'node:stream';
import type { ClientMessage } from '../../protocol/codec/client-message.js';
import { AgentVersionThreshold, isVersionGreaterThan } from '../../protocol/agent-version.js';
import type { DeliveryResult } from '../../protocol/reliable-channel.js';
import { SessionError } from '../session-error.js';
import type { SessionTypeContext, SessionTypeHandler } from '../session-type.js';
import { BasicForwarder } from './basic-forwarder.js';
import { listenLocal, type LocalEndpoint, type LocalListener } from './local-listener.js';
import { MuxForwarder } from './mux-forwarder.js';
import { choosePortMode, parsePortParameters, type PortMode } from './port-parameters.js';
import { PortNotice, listenerName, newPortForwardStats, type PortForwardStats } from './port-notices.js';
import { StreamForwarder, type StdioStreams } from './stream-forwarder.js';

export interface PortSessionOptions {
  /** Where the Go plugin's texts go (stdout for the CLI faces). */
  print(text: string): void;
  /**
   * The local endpoint. Default: what the document says (a unix socket when localConnectionType is
   * "unix", else TCP 127.0.0.1:<localPortNumber or 0>). `false`: no listener; the owner attaches
   * connections itself (the SOCKS proxy does this).
   */
  listen?: LocalEndpoint | false;
  /** stdin/stdout for the stream mode (ssh ProxyCommand). */
  stdio?: StdioStreams;
  stats?: PortForwardStats;
}

/** What the owner should do after `stop()`: exit at once, or wait for the service's channel_closed. */
export type StopOutcome = 'ended' | 'wait-for-channel-closed';

/**
 * The Port session type (spec §7.3): picks mux, basic or stream forwarding from the document's type and
 * the agent's version, owns the local listener, and implements the Go client's Ctrl-C behaviour.
 */
export class PortSession implements SessionTypeHandler {
  readonly stats: PortForwardStats;
  private listener: LocalListener | undefined;
  private disposed = false;

  private constructor(
    private readonly context: SessionTypeContext,
    readonly mode: PortMode,
    private readonly forwarder: MuxForwarder | BasicForwarder | StreamForwarder,
    stats: PortForwardStats,
  ) {
    this.stats = stats;
  }

  static async create(context: SessionTypeContext, options: PortSessionOptions): Promise<PortSession> {
    const parameters = parsePortParameters(context.properties);
    const mode = choosePortMode(parameters, context.agentVersion);
    const stats = options.stats ?? newPortForwardStats();
    if (mode === 'stream') {
      if (!options.stdio) {
        throw new SessionError('stdio-required', 'this port session needs standard input and output');
      }
      return new PortSession(context, mode, new StreamForwarder(context, options.stdio), stats);
    }
    const forwarder =
      mode === 'mux'
        ? new MuxForwarder(context, {
            // Our keepalive is off when the agent is new enough to have turned its own off for our
            // version; a mismatch would close idle tunnels (spec §7.3, §12.7).
            keepAlive: !isVersionGreaterThan(
              context.agentVersion,
              AgentVersionThreshold.disableSmuxKeepAlive,
            ),
            print: options.print,
            stats,
          })
        : new BasicForwarder(context, { print: options.print, stats });
    const session = new PortSession(context, mode, forwarder, stats);
    if (options.listen === false) return session;
    const endpoint: LocalEndpoint =
      options.listen ??
      (parameters.localConnectionType === 'unix' && parameters.localUnixSocket
        ? { kind: 'unix', path: parameters.localUnixSocket }
        : { kind: 'tcp', host: '127.0.0.1', port: parsePort(parameters.localPortNumber) });
    session.listener = await listenLocal(endpoint, (socket) => session.attach(socket));
    const where = listenerName(session.listener.port, endpoint.kind === 'unix' ? endpoint.path : undefined);
    options.print(
      mode === 'mux'
        ? PortNotice.muxOpened(where, context.sessionId)
        : PortNotice.basicOpened(where, context.sessionId),
    );
    return session;
  }

  get localListener(): LocalListener | undefined {
    return this.listener;
  }

  /** Hands a local connection to the forwarder (mux: a new stream; basic: queued in turn). */
  attach(socket: Duplex & { writableLength: number }): void {
    if (this.forwarder instanceof StreamForwarder) {
      socket.destroy();
      return;
    }
    this.forwarder.attach(socket);
  }

  deliver(message: ClientMessage): DeliveryResult {
    return this.forwarder.deliver(message);
  }

  /**
   * Ctrl-C (spec §7.3 "Signals"): mux, and basic with an agent above 2.3.722.0, send Flag
   * TerminateSession and end at once; older agents need the TerminateSession API and then send
   * channel_closed. We wait up to a second for the flag's acknowledgement, which Go does not.
   */
  async stop(): Promise<StopOutcome> {
    if (this.forwarder instanceof StreamForwarder) return 'ended';
    const useFlag =
      this.mode === 'mux' ||
      isVersionGreaterThan(this.context.agentVersion, AgentVersionThreshold.terminateSessionFlag);
    if (useFlag) {
      this.forwarder.sendTerminateFlag();
      await this.context.acknowledged(1_000);
      return 'ended';
    }
    await this.context.terminateSession();
    return 'wait-for-channel-closed';
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.forwarder.close();
    await this.listener?.close();
  }
}

function parsePort(text: string): number {
  const port = text === '' ? 0 : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SessionError('invalid-port-parameters', `invalid local port number ${JSON.stringify(text)}`);
  return port;
}
