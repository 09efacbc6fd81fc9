import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiRouter } from './api/api-router.js';
import { SessionStore } from './api/session-store.js';
import { defaultEmulatorConfig } from './inventory/default-inventory.js';
import { InventoryDirectory } from './inventory/inventory-directory.js';
import { EmulatedKms } from './kms/emulated-kms.js';
import type { EmulatorConfig, FaultSettings } from './model.js';
import { DataChannelRelay } from './relay/data-channel-relay.js';

export interface EmulatorStartOptions {
  /** 0 (the default) picks a free port. The emulator listens on 127.0.0.1 only. */
  port?: number;
  config?: EmulatorConfig;
  /** Diagnostics (never tokens or keys); silent by default. */
  log?: (line: string) => void;
}

/**
 * The local AWS side on one loopback port: SSM/EC2/KMS/STS/SSO APIs over HTTP and the data-channel
 * websocket, with the simulated agent behind it. Used by `npm run emulator`, `ssm-desk emulator`,
 * demo mode and the tests.
 */
export class Emulator {
  readonly sessions: SessionStore;
  readonly instances: InventoryDirectory;
  private readonly relay: DataChannelRelay;

  private constructor(
    private readonly server: Server,
    readonly config: EmulatorConfig,
    sessions: SessionStore,
    instances: InventoryDirectory,
    relay: DataChannelRelay,
  ) {
    this.sessions = sessions;
    this.instances = instances;
    this.relay = relay;
  }

  static async start(options: EmulatorStartOptions = {}): Promise<Emulator> {
    const config = options.config ?? defaultEmulatorConfig();
    const log = options.log ?? ((): void => undefined);
    let base = '';
    const sessions = new SessionStore({
      streamUrlBase: () => base,
      tokenLifetimeSeconds: () => config.tokenLifetimeSeconds ?? 0,
    });
    const instances = new InventoryDirectory(config.instances);
    const kms = new EmulatedKms();
    const relay = new DataChannelRelay({ sessions, instances, kms, config: () => config, log });
    const router = createApiRouter({ config, instances, sessions, kms, dataChannels: relay });
    const server = createServer(router);
    server.on('upgrade', (request, socket, head) => relay.handleUpgrade(request, socket, head));
    // Keep-alive sockets would hold close() open for the SDK's idle connections.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    base = `ws://127.0.0.1:${port}`;
    return new Emulator(server, config, sessions, instances, relay);
  }

  /** The HTTP endpoint for every API: pass it as --endpoint-url. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Fault injection for one session, or for all sessions when sessionId is undefined. */
  setFaults(sessionId: string | undefined, faults: FaultSettings | undefined): void {
    this.relay.setFaults(sessionId, faults);
  }

  /** Drops client websockets without a close frame, as a network failure would. */
  dropClientSockets(sessionId?: string): number {
    return this.relay.dropClientSockets(sessionId);
  }

  terminateSession(sessionId: string): void {
    this.relay.terminate(sessionId);
  }

  async close(): Promise<void> {
    this.relay.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
