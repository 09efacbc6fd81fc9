import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, cliHome, startForward } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { type BackgroundCommand, download, freePort, sha256, startFileServer } from './support/port-tools.js';

const run = promisify(execFile);

async function namedServer(name: string): Promise<{ server: Server; port: number }> {
  const server = createServer((_request, response) => response.end(`hello from ${name}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

// Issue 3 §3 and §4g: `ssm-desk forward` with several -L forwards and a SOCKS5 proxy (-D).
describe('ssm-desk forward', () => {
  let emulator: Emulator;
  const servers: Server[] = [];
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    servers.forEach((server) => server.close());
    await emulator?.close();
  });

  function forward(args: string[]): BackgroundCommand {
    const { env } = cliHome(emulator.endpoint, { withEnvKeys: true });
    return startForward(emulator.endpoint, env, 'web-1', ['--region', 'us-east-1', ...args]);
  }

  it('carries two -L forwards in one command, one of them on a random local port', async () => {
    const files = await startFileServer(4, 256 * 1024);
    servers.push(files.server);
    const other = await namedServer('second');
    servers.push(other.server);
    const fixed = await freePort();
    const command = forward([
      '-L',
      `0:localhost:${files.port}`,
      '-L',
      `127.0.0.1:${fixed}:127.0.0.1:${other.port}`,
    ]);
    try {
      const [, randomPort] = await command.waitFor(/Forwarding 127\.0\.0\.1:(\d+) -> localhost:\d+/);
      await command.waitFor(
        new RegExp(`Forwarding 127\\.0\\.0\\.1:${fixed} -> 127\\.0\\.0\\.1:${other.port}`),
      );
      const bodies = await Promise.all(files.hashes.map((_, i) => download(Number(randomPort), `/f/${i}`)));
      expect(bodies.map(sha256)).toEqual(files.hashes);
      expect((await download(fixed, '/')).toString()).toBe('hello from second');
      expect(await command.interrupt()).toBe(0);
      expect(command.text).not.toMatch(/closed \(closed\)|forwarding again/);
    } finally {
      command.kill();
    }
  });

  it('g: curl --socks5-hostname reaches two different loopback servers through -D', async () => {
    const first = await namedServer('first');
    const second = await namedServer('second');
    servers.push(first.server, second.server);
    const socksPort = await freePort();
    const command = forward(['-D', String(socksPort)]);
    try {
      await command.waitFor(new RegExp(`SOCKS5 proxy on 127\\.0\\.0\\.1:${socksPort}`));
      for (const [server, name] of [
        [first, 'first'],
        [second, 'second'],
        [first, 'first'],
      ] as const) {
        const { stdout } = await run('curl', [
          '-sS',
          '--max-time',
          '20',
          '--socks5-hostname',
          `127.0.0.1:${socksPort}`,
          `http://localhost:${server.port}/`,
        ]);
        expect(stdout).toBe(`hello from ${name}`);
      }
      expect(await command.interrupt()).toBe(0);
      // Issue 8 §8: a destination's first tunnel is not a restart, and Ctrl-C is not news.
      expect(command.text).not.toMatch(/forwarding again/);
      expect(command.text).not.toMatch(/closed/);
    } finally {
      command.kill();
    }
  });

  it('rejects a malformed -L with one line and status 2', async () => {
    const { env } = cliHome(emulator.endpoint, { withEnvKeys: true });
    const result = await run(process.execPath, [CLI_MAIN, 'forward', 'web-1', '-L', 'nonsense'], {
      env,
    }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^ssm-desk: -L nonsense: expected \[bind_address:\]local_port:host:remote_port/,
    );
  });
});
