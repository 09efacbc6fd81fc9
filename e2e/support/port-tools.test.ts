import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src-main/emulator/emulator.js';
import { startAwsTunnel } from './aws-tunnel.js';
import { linuxInstance, startEmulator } from './emulator-fixture.js';
import { BackgroundCommand, freePort, withFreshPort } from './port-tools.js';
import { startSshd } from './sshd.js';

// The helpers that keep port tests from flaking (issue 8 §6), tried on the race they exist for: a
// port someone else holds when the child process binds it.

async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Hands out `first`, then ports from freePort(), and counts the calls. */
function takenFirst(first: number): { pick: () => Promise<number>; picks: number[] } {
  const picks: number[] = [];
  return {
    picks,
    pick: async () => {
      const port = picks.length === 0 ? first : await freePort();
      picks.push(port);
      return port;
    },
  };
}

describe('ports a child process must bind', () => {
  let emulator: Emulator;
  let held: { server: Server; port: number };
  beforeAll(async () => {
    emulator = await startEmulator();
    held = await holdPort();
  });
  afterAll(async () => {
    held?.server.close();
    await emulator?.close();
  });

  it('freePort() picks a free port below the ephemeral range, which bind(0) and connections use', async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = await freePort();
    expect(port).toBeLessThan(Number(low));
    expect(port).toBeGreaterThan(1024);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    server.close();
  });

  it('a tunnel told to bind a taken port is started again on another (the plugin says "address already in use")', async () => {
    const ports = takenFirst(held.port);
    const tunnels: BackgroundCommand[] = [];
    try {
      const opened = await withFreshPort(async (port) => {
        const tunnel = startAwsTunnel(
          emulator,
          linuxInstance(emulator).instanceId,
          'AWS-StartPortForwardingSession',
          {
            portNumber: ['22'],
            localPortNumber: [String(port)],
          },
        );
        tunnels.push(tunnel);
        await tunnel.waitForListening(new RegExp(`Port ${port} opened for sessionId`), port);
        return port;
      }, ports);
      expect(ports.picks).toHaveLength(2);
      expect(opened).toBe(ports.picks[1]);
      expect(tunnels[0]?.text).toMatch(/address already in use/);
    } finally {
      tunnels.forEach((tunnel) => tunnel.kill());
    }
  });

  it('sshd told to bind a taken port is started again on another, and is listening when it resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-desk-sshd-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    const ports = takenFirst(held.port);
    const sshd = await startSshd(dir, ports);
    try {
      expect(ports.picks).toEqual([held.port, sshd.port]);
      // Listening already: the first connection gets sshd's banner, no retry needed.
      const banner = await new Promise<string>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port: sshd.port });
        socket.once('data', (data: Buffer) => {
          socket.destroy();
          resolve(data.toString());
        });
        socket.once('error', reject);
      });
      expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
    } finally {
      sshd.stop();
    }
  });

  it('waitFor() fails as soon as the command exits without printing what it waits for', async () => {
    const command = new BackgroundCommand('sh', ['-c', 'echo something else'], process.env);
    const started = Date.now();
    await expect(command.waitFor(/never printed/, 120_000)).rejects.toThrow(/exited \(0\) without printing/);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
