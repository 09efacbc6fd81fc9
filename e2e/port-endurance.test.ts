import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { startAwsTunnel } from './support/aws-tunnel.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { type BackgroundCommand, sendAndReceive, sha256, startHashServer } from './support/port-tools.js';

// Issue 3 §4f: an idle mux tunnel that stays up. (§4e, 64 MiB each way under faults, is in port-faults.test.ts.)
const IDLE_MS = 5 * 60 * 1000 + 10_000;

function tunnel(emulator: Emulator, destinationPort: number): BackgroundCommand {
  return startAwsTunnel(emulator, linuxInstance(emulator).instanceId, 'AWS-StartPortForwardingSession', {
    portNumber: [String(destinationPort)],
    localPortNumber: ['0'],
  });
}

describe('mux tunnels that last', () => {
  let calm: Emulator;
  let hashes: Awaited<ReturnType<typeof startHashServer>>;
  let idle: BackgroundCommand;
  let idlePort = 0;
  let idleSince = 0;

  beforeAll(async () => {
    hashes = await startHashServer();
    // A current agent (> 3.1.1511.0) with our version turns smux keepalive off on both sides.
    calm = await startEmulator();
    idle = tunnel(calm, hashes.port);
    const [, port] = await idle.waitFor(/Port (\d+) opened/);
    idlePort = Number(port);
    const first = randomBytes(100_000);
    expect((await sendAndReceive(idlePort, first)).toString()).toBe(sha256(first));
    idleSince = Date.now();
  });
  afterAll(async () => {
    idle?.kill();
    hashes?.close();
    await calm?.close();
  });

  it(
    'f: an idle mux tunnel is still up after 5 minutes',
    async () => {
      // Not synchronisation: staying idle this long is what the test is about.
      const wait = IDLE_MS - (Date.now() - idleSince);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const later = randomBytes(100_000);
      expect((await sendAndReceive(idlePort, later)).toString()).toBe(sha256(later));
      expect(idle.text).not.toMatch(/Exiting session/);
    },
    IDLE_MS + 60_000,
  );
});
