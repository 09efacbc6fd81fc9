import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataChannelHost, EmulatorConfig, FaultSettings } from '../model.js';
import { defaultEmulatorConfig } from '../inventory/default-inventory.js';
import { InventoryDirectory } from '../inventory/inventory-directory.js';
import { EmulatedKms } from '../kms/emulated-kms.js';
import { createApiRouter } from './api-router.js';
import type { EmulatorLock } from './emulator-lock.js';
import { SessionStore } from './session-store.js';

/** Records what the API asked of the data-channel side, standing in for the relay in API tests. */
export class RecordingDataChannels implements DataChannelHost {
  readonly terminated: string[] = [];
  readonly faults: Array<{ sessionId: string | undefined; faults: FaultSettings | undefined }> = [];
  readonly drops: Array<string | undefined> = [];

  terminate(sessionId: string): void {
    this.terminated.push(sessionId);
  }

  setFaults(sessionId: string | undefined, faults: FaultSettings | undefined): void {
    this.faults.push({ sessionId, faults });
  }

  dropClientSockets(sessionId?: string): number {
    this.drops.push(sessionId);
    return 1;
  }
}

export interface TestApi {
  url: string;
  config: EmulatorConfig;
  instances: InventoryDirectory;
  sessions: SessionStore;
  kms: EmulatedKms;
  dataChannels: RecordingDataChannels;
  close(): Promise<void>;
  /** SDK client settings pointing at this server. */
  client(region?: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
}

/** A real HTTP server around the API router, on an ephemeral port, for SDK- and CLI-driven tests. */
export async function startTestApi(
  config: EmulatorConfig = defaultEmulatorConfig(),
  options: { lock?: EmulatorLock } = {},
): Promise<TestApi> {
  let port = 0;
  let url = '';
  const instances = new InventoryDirectory(config.instances);
  const sessions = new SessionStore({
    streamUrlBase: () => `ws://127.0.0.1:${port}`,
    tokenLifetimeSeconds: () => config.tokenLifetimeSeconds ?? 0,
  });
  const kms = new EmulatedKms();
  const dataChannels = new RecordingDataChannels();
  const server: Server = createServer(
    createApiRouter({
      config,
      instances,
      sessions,
      kms,
      dataChannels,
      publicEndpoint: () => url,
      ...options,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;
  return {
    url,
    config,
    instances,
    sessions,
    kms,
    dataChannels,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    client: (region = 'us-east-1') => ({
      endpoint: url,
      region,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
      maxAttempts: 1,
    }),
  };
}
