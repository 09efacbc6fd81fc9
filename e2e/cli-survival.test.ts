import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, SECRETS, cliHome, startForward, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { type BackgroundCommand, download, sha256, startFileServer } from './support/port-tools.js';
import { TmuxTerminal } from './support/tmux.js';

// Issue 4 §4 and §6e: sessions that survive. A tunnel resumes after socket kills and token expiry, and
// when its session is gone for good, `ssm-desk forward` starts a new one while the local port stays
// open; an interactive shell rides out the same faults.

const SIZE = 64 * 1024 * 1024;

describe('sessions that survive', () => {
  let emulator: Emulator;
  let home: CliHome;
  let files: Awaited<ReturnType<typeof startFileServer>>;
  let big: Awaited<ReturnType<typeof startFileServer>>;
  beforeAll(async () => {
    // The agent exactly as the real one: its 1 ms read pace and front-only resends (spec §4.2).
    emulator = await startEmulator((config) => {
      config.agentPace = 'real';
      config.agentResend = 'real';
    });
    home = cliHome(emulator.endpoint);
    files = await startFileServer(1, 1024 * 1024);
    big = await startFileServer(1, SIZE);
  });
  afterAll(async () => {
    files?.server.close();
    big?.server.close();
    await emulator?.close();
  });

  const forward = (remotePort: number): BackgroundCommand =>
    startForward(emulator.endpoint, home.env, 'web-1', [
      '-L',
      `0:localhost:${remotePort}`,
      '--region',
      'us-east-1',
      '--profile',
      'static',
    ]);

  async function expireTokens(): Promise<void> {
    const response = await fetch(`${emulator.endpoint}/emulator/expire-tokens`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(200);
  }

  it('§4: when its session cannot be resumed, forward starts a new one and the local port never refuses', async () => {
    const command = forward(files.port);
    try {
      const [, port, firstSession] = await command.waitFor(
        /Forwarding 127\.0\.0\.1:(\d+) -> localhost:\d+ via .* \(session (\S+)\)/,
      );
      const localPort = Number(port);
      expect(sha256(await download(localPort, '/f/0'))).toBe(files.hashes[0]);
      // The session ends while the client is away (as one that timed out on the service side would):
      // ResumeSession answers without a token.
      emulator.dropClientSockets(firstSession);
      emulator.terminateSession(firstSession!);
      // A connection made once the loss is noticed is held, then carried by the new session.
      await command.waitFor(/connection lost, resuming session/);
      const during = download(localPort, '/f/0');
      const [, secondSession] = await command.waitFor(/forwarding again, session (\S+) \(new session\)/);
      expect(secondSession).not.toBe(firstSession);
      expect(sha256(await during)).toBe(files.hashes[0]);
      expect(command.text).toContain(
        `tunnel to localhost:${files.port}: connection lost, resuming session ${firstSession}`,
      );
      expect(command.text).toContain(`session ${firstSession} lost, starting a new one (session timed out)`);
      expect(sha256(await download(localPort, '/f/0'))).toBe(files.hashes[0]);
      expect(await command.interrupt()).toBe(0);
    } finally {
      command.kill();
    }
  });

  it('§4: credentials close to expiry are fetched again before the new session starts', async () => {
    // A credential_process whose credentials expire in 5 min 20 s: the SDK treats credentials within
    // 5 minutes of expiry as expired, so after 20 s the next AWS call must run the process again.
    const counter = join(home.home, 'short-process.count');
    const script = join(home.home, 'short-process.sh');
    writeFileSync(
      script,
      `#!/bin/sh\necho x >> "${counter}"\nprintf '{"Version":1,"AccessKeyId":"AKIASHORTLIVED000001","SecretAccessKey":"short","SessionToken":"short-token","Expiration":"%s"}\n' "$(date -u -d '+320 seconds' +%Y-%m-%dT%H:%M:%SZ)"\n`,
    );
    chmodSync(script, 0o755);
    appendFileSync(
      join(home.home, '.aws', 'config'),
      `\n[profile short]\ncredential_process = ${script}\nregion = us-east-1\n`,
    );
    const calls = (): number =>
      existsSync(counter) ? readFileSync(counter, 'utf8').split('\n').length - 1 : 0;
    const command = startForward(emulator.endpoint, home.env, 'web-1', [
      '-L',
      `0:localhost:${files.port}`,
      '--profile',
      'short',
    ]);
    try {
      const [, port, firstSession] = await command.waitFor(
        /Forwarding 127\.0\.0\.1:(\d+) -> .* \(session (\S+)\)/,
      );
      const fetched = calls();
      expect(fetched).toBeGreaterThanOrEqual(1);
      await new Promise((resolve) => setTimeout(resolve, 22_000));
      emulator.dropClientSockets(firstSession);
      emulator.terminateSession(firstSession!);
      await command.waitFor(/forwarding again, session \S+ \(new session\)/);
      expect(calls()).toBeGreaterThan(fetched);
      expect(sha256(await download(Number(port), '/f/0'))).toBe(files.hashes[0]);
      expect(await command.interrupt()).toBe(0);
    } finally {
      command.kill();
    }
  });

  it(
    '§6e: socket kills every 10 s and token expiry every 30 s; a shell answers and a 64 MiB download is byte-exact',
    async () => {
      const tunnel = forward(big.port);
      const cli = `${process.execPath} ${CLI_MAIN}`;
      const shell = TmuxTerminal.start(
        `${cli} connect web-2 --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; sleep 600`,
        { env: home.env, cols: 120, rows: 40 },
      );
      const expiry = setInterval(() => void expireTokens(), 30_000);
      try {
        const [, port] = await tunnel.waitFor(/Forwarding 127\.0\.0\.1:(\d+) -> /);
        await shell.waitFor(/[$#] $/m);
        emulator.setFaults(undefined, { killEverySeconds: 10 });
        await expireTokens();
        const started = Date.now();
        const transfer = download(Number(port), '/f/0');
        // Ask the shell something new every few seconds for as long as the transfer runs, then once
        // more after at least three kills and one expiry.
        let round = 0;
        let finished = false;
        void transfer.finally(() => (finished = true));
        while (!finished || Date.now() - started < 35_000) {
          round++;
          shell.type(`echo round-$((${round}*1000+1))`, true);
          await shell.waitFor(new RegExp(`^round-${round * 1000 + 1}\\s*$`, 'm'), 60_000);
          await new Promise((resolve) => setTimeout(resolve, 3_000));
        }
        expect(sha256(await transfer)).toBe(big.hashes[0]);
        expect(tunnel.text).toMatch(/connection lost, resuming session/);
        expect(tunnel.text).not.toMatch(/starting a new one/);
        expect(shell.capture()).not.toMatch(/CLI-EXIT=/);
        emulator.setFaults(undefined, undefined);
        shell.type('exit', true);
        await shell.waitFor(/CLI-EXIT=0/);
        expect(await tunnel.interrupt()).toBe(0);
      } finally {
        clearInterval(expiry);
        emulator.setFaults(undefined, undefined);
        tunnel.kill();
        shell.kill();
      }
    },
    10 * 60_000,
  );

  it('§6f: the log of these runs (resumes, restarts, refreshed credentials) holds no token or key', () => {
    const files = readdirSync(home.logDir).map((name) => join(home.logDir, name));
    expect(files.length).toBeGreaterThan(0);
    const log = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(log).toMatch(/reconnecting|resuming/);
    const secrets = [
      SECRETS.staticSecretKey,
      'short-token',
      ...emulator.sessions.list().flatMap((session) => [...session.tokens.keys()]),
    ];
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets)
      expect(log.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
  });
});
