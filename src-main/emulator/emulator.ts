import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApiRouter } from './api/api-router.js';
import { checkLock, type EmulatorLock } from './api/emulator-lock.js';
import { SessionStore } from './api/session-store.js';
import { SsoOidc } from './api/sso-oidc.js';
import { defaultEmulatorConfig } from './inventory/default-inventory.js';
import { InventoryDirectory } from './inventory/inventory-directory.js';
import { EmulatedKms } from './kms/emulated-kms.js';
import { completeDatabase, type DatabaseSeed } from './inventory/databases.js';
import type { EmulatedDatabase, EmulatorConfig, FaultSettings, RegionFailure } from './model.js';
import { DataChannelRelay } from './relay/data-channel-relay.js';

/**
 * How Emulator.start() serves: the loopback port (a free one by default), the config
 * (defaultEmulatorConfig() when absent), TLS, the host name written into endpoints and stream URLs, a
 * lock that lets in one client, and a diagnostics log.
 */
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
  /**
   * Lets in only one client (the desktop app's built-in emulator): API calls must be signed with
   * `accessKeyId` (or keys the emulator issued), others are refused as AWS refuses an unknown key;
   * /emulator/* wants `controlSecret` in the X-Emulator-Secret header (closed without one). Make one
   * per launch with createEmulatorLock().
   */
  lock?: EmulatorLock;
  /** Diagnostics (never tokens or keys); silent by default. */
  log?: (line: string) => void;
}

/**
 * The PEM certificate and key the emulator serves HTTPS and WSS with, so clients reach it as they reach
 * AWS (they must trust the issuer, e.g. through AWS_CA_BUNDLE).
 */
export interface EmulatorTlsOptions {
  /** PEM certificate chain (the server's certificate first). */
  cert: string | Buffer;
  /** PEM private key of that certificate. */
  key: string | Buffer;
}

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/**
 * The local AWS side on one loopback port: the SSM, EC2, KMS, STS and RDS APIs and IAM Identity Center
 * sign-in (SSO OIDC device authorization, its verification page, the SSO portal) over HTTP (or HTTPS),
 * the data-channel websocket with a simulated agent behind it (shells, commands, port forwarding), and
 * the /emulator/* control routes. Used by `npm run emulator`, `ssm-desk emulator`, demo mode and tests.
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
    private readonly oidc: SsoOidc,
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
    if (options.lock) checkLock(options.lock);
    let base = '';
    const sessions = new SessionStore({
      streamUrlBase: () => base,
      tokenLifetimeSeconds: () => config.tokenLifetimeSeconds ?? 0,
    });
    const instances = new InventoryDirectory(config.instances);
    const kms = new EmulatedKms();
    const relay = new DataChannelRelay({ sessions, instances, kms, config: () => config, log });
    const oidc = new SsoOidc(() => config.sso ?? {});
    let endpoint = '';
    const router = createApiRouter({
      config,
      instances,
      sessions,
      kms,
      dataChannels: relay,
      oidc,
      publicEndpoint: () => endpoint,
      ...(options.lock ? { lock: { ...options.lock } } : {}),
    });
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
    endpoint = `${scheme}://${host}:${port}`;
    return new Emulator(server, scheme, host, config, sessions, instances, relay, oidc);
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

  /**
   * Approves (or denies) the device authorization with this user code, as the verification page's
   * buttons do. False when the code is unknown, already decided or expired.
   */
  decideDeviceAuthorization(userCode: string, decision: 'approve' | 'deny'): boolean {
    return this.oidc.decide(userCode, decision === 'approve');
  }

  /**
   * Adds an RDS database (an Aurora engine adds a cluster and its instances) and returns the records;
   * tunnels to its endpoint reach 127.0.0.1:`localPort`. As POST /emulator/databases.
   */
  addDatabase(seed: DatabaseSeed): EmulatedDatabase[] {
    const added = completeDatabase(seed);
    this.config.databases = [...(this.config.databases ?? []), ...added];
    return added;
  }

  /**
   * Makes every SSM, EC2 and RDS call signed for `region` fail the given way (undefined: answer
   * again), as POST /emulator/settings {failRegions} does.
   */
  setRegionFailure(region: string, failure: RegionFailure | undefined): void {
    const failures = { ...this.config.failRegions };
    if (failure === undefined) delete failures[region];
    else failures[region] = failure;
    this.config.failRegions = failures;
  }

  /** The regions made to fail, and how. */
  get regionFailures(): Readonly<Record<string, RegionFailure>> {
    return { ...this.config.failRegions };
  }

  /**
   * The idle timeout in seconds for every session from its next check on (undefined: back to the
   * preferences' minutes, 20 by default). Test-only, as `preferences.idleSessionTimeoutSeconds`.
   */
  setIdleTimeoutSeconds(seconds: number | undefined): void {
    if (seconds === undefined) delete this.config.preferences.idleSessionTimeoutSeconds;
    else this.config.preferences.idleSessionTimeoutSeconds = seconds;
  }

  async close(): Promise<void> {
    this.relay.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
