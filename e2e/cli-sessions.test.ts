import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, SECRETS, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

// Issue 4 §c and §f: connect (tmux, picker, ~ escapes), exec, sessions, ssh, and then the log file.
describe('ssm-desk connect, exec, sessions and ssh against the emulator', () => {
  let emulator: Emulator;
  let home: CliHome;
  let echoServer: Server;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
    echoServer = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echoServer.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    echoServer?.close();
    await emulator?.close();
  });

  const common = () => ['--endpoint-url', emulator.endpoint, '--log-level', 'debug'];
  const cli = `${process.execPath} ${CLI_MAIN}`;
  const modes = `echo "MODES=$(stty -a | grep -oE -- '-?(icanon|echo)( |$)' | tr -d ' ' | tr '\\n' ,)"`;

  it('profiles at debug level (so the SDK logs requests and responses into the log file)', async () => {
    for (const profile of ['static', 'assumer', 'proc', 'sso']) {
      const result = await runCli(
        ['ls', ...common(), '--profile', profile, '--region', 'us-east-1,eu-west-1'],
        home.env,
      );
      expect(result.code, `${profile}: ${result.stderr}`).toBe(0);
    }
  });

  it('connect by Name tag under tmux: prompt, command, ~? and ~. terminate; terminal restored', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect db-primary --endpoint-url ${emulator.endpoint} --log-level debug --profile sso; echo "CLI-EXIT=$?"; ${modes}; sleep 600`,
      { env: home.env, cols: 120, rows: 40 },
    );
    try {
      const banner = await terminal.waitFor(
        /Starting session with SessionId: (\S+) on i-0c3d4e5f60718293a \(db-primary\)/,
      );
      const sessionId = /SessionId: (\S+)/.exec(banner)?.[1] ?? '';
      await terminal.waitFor(/[$#] $/m);
      terminal.type('echo hello-$((6*7))', true);
      await terminal.waitFor(/^hello-42\s*$/m);
      terminal.type('~?');
      await terminal.waitFor(/~\.\s+- terminate the session/);
      terminal.type('echo not~.an-escape', true);
      await terminal.waitFor(/^not~\.an-escape\s*$/m);
      terminal.type('~.');
      const screen = await terminal.waitFor(/MODES=\S*/);
      expect(screen).toContain(`Session ${sessionId} terminated (~.).`);
      expect(screen).toMatch(/CLI-EXIT=0/);
      expect(screen).toMatch(/^MODES=icanon,echo,$/m);
      // ~. used TerminateSession: the service knows the session ended.
      const record = emulator.sessions.list().find((s) => s.sessionId === sessionId);
      expect(record?.status).toBe('Terminated');
    } finally {
      terminal.kill();
    }
  });

  it('connect with an ambiguous name opens the picker on a TTY; typing filters and Enter connects', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect web --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; ${modes}; sleep 600`,
      { env: home.env, cols: 120, rows: 40 },
    );
    try {
      await terminal.waitFor(/Choose an instance \(2\/2/);
      // TmuxTerminal.type cannot send text starting with '-' (tmux reads it as a flag): retype the query.
      terminal.keys('BSpace', 'BSpace', 'BSpace');
      terminal.type('web-2');
      await terminal.waitFor(/^\? web-2\s*$/m);
      terminal.keys('Enter');
      await terminal.waitFor(/Starting session with SessionId: \S+ on i-0b2c3d4e5f6071829 \(web-2\)/);
      await terminal.waitFor(/[$#] $/m);
      terminal.type('exit', true);
      const screen = await terminal.waitFor(/MODES=\S*/);
      expect(screen).toMatch(/Exiting session with sessionId: \S+\./);
      expect(screen).toMatch(/CLI-EXIT=0/);
      expect(screen).toMatch(/^MODES=icanon,echo,$/m);
    } finally {
      terminal.kill();
    }
  });

  it('connect --keepalive 1: an idle shell keeps its size and answers; a bad value is one usage line', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect web-2 --keepalive 1 --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env, cols: 100, rows: 30 },
    );
    try {
      await terminal.waitFor(/[$#] $/m);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      terminal.type('echo "SIZE=$(stty size)"', true);
      await terminal.waitFor(/^SIZE=30 100\s*$/m);
      terminal.type('exit', true);
      await terminal.waitFor(/CLI-EXIT=0/);
    } finally {
      terminal.kill();
    }
    const bad = await runCli(['connect', 'web-2', '--keepalive', 'soon', ...common()], home.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('ssm-desk: --keepalive takes a number of seconds (0 to 86400), got "soon"\n');
  });

  it('Esc in the picker cancels with a clear line; raw mode is restored', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; ${modes}; sleep 600`,
      { env: home.env },
    );
    try {
      await terminal.waitFor(/Choose an instance/);
      terminal.keys('Escape');
      const screen = await terminal.waitFor(/MODES=\S*/);
      expect(screen).toMatch(/ssm-desk: cancelled/);
      expect(screen).toMatch(/CLI-EXIT=130/);
      expect(screen).toMatch(/^MODES=icanon,echo,$/m);
    } finally {
      terminal.kill();
    }
  });

  it('without a TTY several matches are an error that lists them', async () => {
    const result = await runCli(
      ['connect', 'web', '--endpoint-url', emulator.endpoint, '--profile', 'static'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ssm-desk: "web" matches 2 instances: i-0a1b2c3d4e5f60718 \(web-1.*i-0b2c3d4e5f6071829 \(web-2/,
    );
  });

  it('exec: stdout and stderr kept apart, remote exit code 3 is ours, nothing else on stdout', async () => {
    const result = await runCli(
      [
        'exec',
        'web-1',
        '--endpoint-url',
        emulator.endpoint,
        '--profile',
        'proc',
        '--',
        'echo out-1; echo err-2 >&2; exit 3',
      ],
      home.env,
    );
    expect(result).toEqual({ code: 3, stdout: 'out-1\n', stderr: 'err-2\n' });
    const zero = await runCli(
      [
        'exec',
        'i-0a1b2c3d4e5f60718',
        ...common(),
        '--profile',
        'static',
        '--',
        'printf',
        '%s|',
        'a b',
        "it's",
      ],
      home.env,
    );
    expect(zero.code).toBe(0);
    expect(zero.stdout).toBe("a b|it's|");
  });

  it('exec: several words after -- are an argv, so sh -c keeps its script (issue 8 §8)', async () => {
    const result = await runCli(
      ['exec', 'web-1', ...common(), '--profile', 'static', '--', 'sh', '-c', 'echo out; exit 4'],
      home.env,
    );
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 4, stdout: 'out\n' });
  });

  it('exec on an offline instance: one line, status 255', async () => {
    const result = await runCli(
      ['exec', 'batch-worker', '--endpoint-url', emulator.endpoint, '--profile', 'static', '--', 'true'],
      home.env,
    );
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^ssm-desk: .*not connected[^\n]*\n$/);
  });

  it('ssh ProxyCommand: stdin/stdout carried to the port through AWS-StartSSHSession', async () => {
    const port = (echoServer.address() as { port: number }).port;
    const child = spawn(
      process.execPath,
      [CLI_MAIN, 'ssh', 'web-1', String(port), ...common(), '--profile', 'static'],
      {
        env: home.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdin.write('ping-through-ssm\n');
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('ping-through-ssm\n') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.stdin.end();
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(stdout, stderr).toBe('ping-through-ssm\n');
    expect(code).toBe(0);
    const sessions = emulator.sessions.list().filter((s) => s.documentName === 'AWS-StartSSHSession');
    expect(sessions.at(0)?.parameters.portNumber).toEqual([String(port)]);
  });

  it('sessions lists active ones as JSON, terminate ends them, --history shows them', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect web-2 --endpoint-url ${emulator.endpoint} --profile static; sleep 600`,
      {
        env: home.env,
      },
    );
    try {
      const banner = await terminal.waitFor(/Starting session with SessionId: (\S+) on/);
      const sessionId = /SessionId: (\S+) on/.exec(banner)?.[1] ?? '';
      await terminal.waitFor(/[$#] $/m);
      const active = await runCli(['sessions', '--json', ...common(), '--profile', 'static'], home.env);
      expect(active.code, active.stderr).toBe(0);
      expect((JSON.parse(active.stdout) as Array<{ sessionId: string }>).map((s) => s.sessionId)).toContain(
        sessionId,
      );
      const terminated = await runCli(
        ['sessions', 'terminate', sessionId, ...common(), '--profile', 'static'],
        home.env,
      );
      expect(terminated).toMatchObject({ code: 0, stdout: `terminated ${sessionId}\n` });
      await terminal.waitFor(/Exiting session with sessionId/);
      const history = await runCli(
        ['sessions', '--history', '--endpoint-url', emulator.endpoint, '--profile', 'static'],
        home.env,
      );
      expect(history.stdout).toMatch(new RegExp(`^${sessionId}\\s+i-0b2c3d4e5f6071829\\s+Terminated`, 'm'));
    } finally {
      terminal.kill();
    }
  });

  it('ssh-config prints a ready block with the given options', async () => {
    const result = await runCli(['ssh-config', '--profile', 'sso', '--region', 'eu-west-1'], home.env);
    expect(result.stdout).toContain(
      'Host i-* mi-*\n  ProxyCommand ssm-desk ssh %h %p --profile sso --region eu-west-1\n',
    );
  });

  it('§f: the log file exists, has debug lines, and holds no token, secret key or session token', () => {
    const files = readdirSync(home.logDir).map((name) => join(home.logDir, name));
    expect(files.length).toBeGreaterThan(0);
    const log = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(log).toContain('StartSessionCommand'); // the SDK's own request/response logging was on
    expect(log).toContain('[REDACTED]');
    const secrets = [
      ...Object.values(SECRETS),
      ...emulator.sessions.list().flatMap((s) => [...s.tokens.keys()]),
    ];
    expect(secrets.length).toBeGreaterThan(6);
    for (const secret of secrets)
      expect(log.includes(secret), `log contains ${secret.slice(0, 12)}…`).toBe(false);
    expect(log).not.toMatch(/"(TokenValue|SecretAccessKey|SessionToken|accessToken)":"(?!\[REDACTED\])/);
    expect(existsSync(join(home.logDir, 'ssm-desk.log'))).toBe(true);
  });
});
