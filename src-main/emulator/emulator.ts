import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
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
  /**
   * Serve the APIs over HTTPS and the data channel over WSS with this PEM certificate and key, as AWS
   * does (HTTPS_PROXY only applies to https URLs). Plain HTTP and WS when absent. Clients must trust the
   * certificate's issuer, e.g. through AWS_CA_BUNDLE.
   */
  tls?: EmulatorTlsOptions;
  /**
   * The host written into `endpoint` and every StreamUrl (default 127.0.0.1). The server still listens
   * on 127.0.0.1 only, so the name must lead there: `localhost`, an /etc/hosts entry, or a proxy that
   * resolves it. With `tls`, the certificate must cover it.
   */
  host?: string;
  /** Diagnostics (never tokens or keys); silent by default. */
  log?: (line: string) => void;
}

export interface EmulatorTlsOptions {
  /** PEM certificate chain (the server's certificate first). */
  cert: string | Buffer;
  /** PEM private key of that certificate. */
  key: string | Buffer;
}

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * The local AWS side on one loopback port: SSM/EC2/KMS/STS/SSO APIs over HTTP (or HTTPS) and the
 * data-channel websocket, with the simulated agent behind it. Used by `npm run emulator`,
 * `ssm-desk emulator`, demo mode and the tests.
 */
export class Emulator {
  readonly sessions: SessionStore;
  readonly instances: InventoryDirectory;
  private readonly relay: DataChannelRelay;

  private constructor(
    private readonly server: HttpServer | HttpsServer,
    private readonly scheme: 'http' | 'https',
    private readonly host: string,
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
    const host = options.host ?? '127.0.0.1';
    if (!HOST_PATTERN.test(host)) {
      throw new Error(`emulator host must be a host name or IPv4 address, got ${host}`);
    }
    let base = '';
    const sessions = new SessionStore({
      streamUrlBase: () => base,
      tokenLifetimeSeconds: () => config.tokenLifetimeSeconds ?? 0,
    });
    const instances = new InventoryDirectory(config.instances);
    const kms = new EmulatedKms();
    const relay = new DataChannelRelay({ sessions, instances, kms, config: () => config, log });
    const router = createApiRouter({ config, instances, sessions, kms, dataChannels: relay });
    let server: HttpServer | HttpsServer;
    if (options.tls) {
      const secure = createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, router);
      secure.on('tlsClientError', (error: Error) => log(`TLS handshake failed: ${error.message}`));
      server = secure;
    } else {
      server = createServer(router);
    }
    server.on('upgrade', (request, socket, head) => {
      // The peer's address tells a test which proxy tunnel (if any) carried the websocket.
      const peer = `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
      log(`data channel connection from ${peer} for ${(request.url ?? '/').replace(/\?.*/s, '')}`);
      relay.handleUpgrade(request, socket, head);
    });
    // Keep-alive sockets would hold close() open for the SDK's idle connections.
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const scheme = options.tls ? 'https' : 'http';
    base = `${options.tls ? 'wss' : 'ws'}://${host}:${port}`;
    return new Emulator(server, scheme, host, config, sessions, instances, relay);
  }

  /** The HTTP (or HTTPS) endpoint for every API: pass it as --endpoint-url. */
  get endpoint(): string {
    return `${this.scheme}://${this.host}:${this.port}`;
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
