import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { startAwsTunnel } from './support/aws-tunnel.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import {
  download,
  PortInUseError,
  sendAndReceive,
  sha256,
  startFileServer,
  startHashServer,
  withFreshPort,
} from './support/port-tools.js';
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';
import type { Server } from 'node:http';

/** Writes `data`, then collects whatever comes back until the connection closes. */
function rawExchange(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(parts)));
    socket.on('error', () => undefined);
    socket.write(data);
  });
}

// Issue 3 §4 a, c, d: port forwarding through Debian's awscli (v2) and our plugin against the emulator.

describe('port forwarding through the AWS CLI v2 and our plugin', () => {
  let emulator: Emulator;
  let files: { server: Server; port: number; hashes: string[] };
  beforeAll(async () => {
    emulator = await startEmulator();
    files = await startFileServer(50, 1024 * 1024);
  });
  afterAll(async () => {
    files?.server.close();
    await emulator?.close();
  });

  async function fiftyParallelDownloads(localPort: number): Promise<void> {
    const bodies = await Promise.all(files.hashes.map((_, i) => download(localPort, `/f/${i}`)));
    expect(bodies.map(sha256)).toEqual(files.hashes);
  }

  it('a: AWS-StartPortForwardingSession (mux): 50 parallel 1 MiB downloads, every SHA-256 matching', async () => {
    // The plugin binds the local port we name; withFreshPort() starts again if someone took it first.
    await withFreshPort(async (localPort) => {
      const tunnel = startAwsTunnel(
        emulator,
        linuxInstance(emulator).instanceId,
        'AWS-StartPortForwardingSession',
        {
          portNumber: [String(files.port)],
          localPortNumber: [String(localPort)],
        },
      );
      try {
        await tunnel.waitForListening(
          new RegExp(`Port ${localPort} opened for sessionId \\S+\\.\\nWaiting for connections\\.\\.\\.\\n`),
          localPort,
        );
        await fiftyParallelDownloads(localPort);
        expect(tunnel.text).toMatch(/\nConnection accepted for session \[\S+\]\n/);
        expect(await tunnel.interrupt()).toBe(0);
        expect(tunnel.text).toMatch(
          /Terminate signal received, exiting\.\n\n\nExiting session with sessionId: \S+\.\n\n$/,
        );
      } finally {
        tunnel.kill();
      }
    });
  });

  it('a: AWS-StartPortForwardingSessionToRemoteHost: the same through host=localhost', async () => {
    const tunnel = startAwsTunnel(
      emulator,
      linuxInstance(emulator).instanceId,
      'AWS-StartPortForwardingSessionToRemoteHost',
      {
        host: ['localhost'],
        portNumber: [String(files.port)],
        localPortNumber: ['0'],
      },
    );
    try {
      // Port 0 asks for a random local port, announced in the opened text.
      const [, port] = await tunnel.waitFor(/Port (\d+) opened for sessionId/);
      expect(Number(port)).toBeGreaterThan(0);
      await fiftyParallelDownloads(Number(port));
    } finally {
      tunnel.kill();
    }
  });

  it('c: an agent below the mux threshold: basic mode, consecutive connections each work', async () => {
    const old = linuxInstance(emulator, (i) => i.agentVersion === '3.0.161.0');
    const echo = await startHashServer();
    const tunnel = startAwsTunnel(emulator, old.instanceId, 'AWS-StartPortForwardingSession', {
      portNumber: [String(echo.port)],
      localPortNumber: ['0'],
    });
    try {
      const [, port] = await tunnel.waitFor(/Port (\d+) opened for sessionId \S+\.\n/);
      // Basic mode prints no "Waiting for connections" line.
      expect(tunnel.text).not.toMatch(/Waiting for connections/);
      for (let i = 0; i < 4; i++) {
        const data = randomBytes(200_000 + i);
        const reply = await sendAndReceive(Number(port), data);
        expect(reply.toString()).toBe(sha256(data));
      }
      expect(tunnel.text).toMatch(/Connection accepted for session \S+\.\n/);
    } finally {
      echo.close();
      tunnel.kill();
    }
  });

  it('d: a closed destination port gives the ConnectToPortError text; the listener stays up for the next connection', async () => {
    // The port must have no listener at first and ours later, so it cannot be held open meanwhile:
    // if someone else binds it in between, our listen fails and the test starts again on another.
    await withFreshPort(async (destinationPort) => {
      const tunnel = startAwsTunnel(
        emulator,
        linuxInstance(emulator).instanceId,
        'AWS-StartPortForwardingSession',
        {
          portNumber: [String(destinationPort)],
          localPortNumber: ['0'],
        },
      );
      try {
        const [, port] = await tunnel.waitFor(/Port (\d+) opened for sessionId/);
        const refused = await sendAndReceive(Number(port), Buffer.from('nobody listens')).catch(() =>
          Buffer.alloc(0),
        );
        expect(refused.length).toBe(0);
        await tunnel.waitFor(/\nConnection to destination port failed, check SSM Agent logs\.\n/);
        // Now something listens on the destination port: the same tunnel carries the next connection.
        const server = createServer((socket) => socket.end('open now'));
        await new Promise<void>((resolve, reject) => {
          server.once('error', (error: NodeJS.ErrnoException) =>
            reject(error.code === 'EADDRINUSE' ? new PortInUseError(destinationPort, error.message) : error),
          );
          server.listen(destinationPort, '127.0.0.1', resolve);
        });
        try {
          const reply = await rawExchange(Number(port), Buffer.from('hello'));
          expect(reply.toString()).toBe('open now');
        } finally {
          server.close();
        }
      } finally {
        tunnel.kill();
      }
    });
  });
});
