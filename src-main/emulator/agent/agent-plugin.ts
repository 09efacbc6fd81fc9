import type { ClientMessage } from '../../protocol/codec/client-message.js';

/** What a simulated agent plugin (shell, command, port) may do with its session. */
export interface AgentPluginContext {
  readonly sessionId: string;
  readonly instanceId: string;
  /** The document properties with the StartSession parameters substituted. */
  readonly properties: Record<string, unknown>;
  /** The client's version from the HandshakeResponse; empty when no handshake ran. */
  readonly clientVersion: string;
  /**
   * The environment of the processes the plugin starts (session-environment.ts, plus the instance's
   * host name: instance-host.ts); undefined: sessionEnvironment(process.env).
   */
  readonly environment?: Record<string, string>;
  /** 'real' sleeps 1 ms between reads as the agent does; 'fast' does not. */
  readonly pace: 'real' | 'fast';
  /**
   * Where a port session's destination really is: the emulator's host map sends RDS endpoints and
   * other mapped names to loopback servers; anything else is returned unchanged.
   */
  resolveDestination(host: string, port: number): { host: string; port: number };
  /** Sends one stream message (empty payloads are skipped). */
  send(payloadType: number, payload: Buffer): void;
  /** False while publication is paused: plugins stop reading their sources then (the agent's IsActive). */
  isActive(): boolean;
  /** The plugin can now accept input that it refused as not ready. */
  ready(): void;
  /** The plugin has finished; the agent drains its buffer and closes (PrepareToCloseChannel). */
  finish(): void;
  log(text: string): void;
}

export interface AgentPlugin {
  start(): void;
  /** An in-order client stream message; throw HandlerNotReadyError to leave it unacknowledged. */
  onInput(message: ClientMessage): void;
  /** The session was cancelled (terminated): stop at once, kill processes, close connections. */
  cancel(): void;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The pause between reads: the agent sleeps 1 ms; the fast pace only yields to the event loop. */
export function readPause(pace: 'real' | 'fast'): Promise<void> {
  return pace === 'real' ? sleep(1) : new Promise((resolve) => setImmediate(resolve));
}
