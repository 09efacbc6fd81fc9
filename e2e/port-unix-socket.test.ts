import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { startAwsTunnel } from './support/aws-tunnel.js';
import { cliHome, startForward } from './support/cli-env.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { startFileServer } from './support/port-tools.js';

const run = promisify(execFile);

/** GET through a unix socket with curl, as a user would; resolves with the body's SHA-256. */
async function curlHash(socketPath: string, path: string): Promise<string> {
  const { stdout } = await run(
    'sh',
    ['-c', `curl -sS --fail --unix-socket "$1" "http://localhost$2" | sha256sum`, 'sh', socketPath, path],
    { encoding: 'utf8' },
  );
  return stdout.split(' ')[0] ?? '';
}

// Issue 3 §1: a unix-socket local listener, through the drop-in plugin (the socket document) and
// through `ssm-desk forward -L /path.sock:host:port`; the socket file is removed on Ctrl-C.
describe('port forwarding to a local unix socket', () => {
  let emulator: Emulator;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  const dir = mkdtempSync(join(tmpdir(), 'ssm-desk-sock-'));
  beforeAll(async () => {
    emulator = await startEmulator();
    files = await startFileServer(3, 512 * 1024);
  });
  afterAll(async () => {
    files?.server.close();
    await emulator?.close();
  });

  it('AWS CLI v2 + plugin: AWS-StartPortForwardingSessionToSocket listens on the socket, and Ctrl-C removes it', async () => {
    const socketPath = join(dir, 'plugin.sock');
    const tunnel = startAwsTunnel(
      emulator,
      linuxInstance(emulator).instanceId,
      'AWS-StartPortForwardingSessionToSocket',
      { localUnixSocket: [socketPath], portNumber: [String(files.port)] },
    );
    try {
      await tunnel.waitFor(
        new RegExp(
          `Unix socket ${socketPath.replace(/[.]/g, '\\.')} opened for sessionId \\S+\\.\\nWaiting for connections`,
        ),
      );
      const hashes = await Promise.all(files.hashes.map((_, i) => curlHash(socketPath, `/f/${i}`)));
      expect(hashes).toEqual(files.hashes);
      expect(await tunnel.interrupt()).toBe(0);
      expect(existsSync(socketPath)).toBe(false);
    } finally {
      tunnel.kill();
    }
  });

  it('ssm-desk forward -L /path.sock:localhost:port, twice in a row on the same path', async () => {
    const socketPath = join(dir, 'forward.sock');
    const { env } = cliHome(emulator.endpoint, { withEnvKeys: true });
    for (let round = 0; round < 2; round++) {
      const command = startForward(emulator.endpoint, env, 'web-1', [
        '-L',
        `${socketPath}:localhost:${files.port}`,
        '--region',
        'us-east-1',
      ]);
      try {
        await command.waitFor(
          new RegExp(`Forwarding ${socketPath.replace(/[.]/g, '\\.')} -> localhost:${files.port}`),
        );
        expect(await curlHash(socketPath, '/f/2')).toBe(files.hashes[2]);
        expect(await command.interrupt()).toBe(0);
        expect(existsSync(socketPath)).toBe(false);
      } finally {
        command.kill();
      }
    }
  });
});
