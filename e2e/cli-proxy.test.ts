import { spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator } from '../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis } from './support/aws-cli.js';
import { cliHome, runCli, type CliHome, type CliResult } from './support/cli-env.js';
import {
  ConnectProxy,
  makeTestCertificates,
  type TestCertificates,
  type Tunnel,
} from './support/connect-proxy.js';

/** A name only the proxy can resolve (RFC 6761: `.invalid` never resolves), so nothing reaches it directly. */
const HIDDEN_HOST = 'ssm-emulator.invalid';
const WEB_1 = 'i-0a1b2c3d4e5f60718';
const WEBSOCKET_LINE = /^data channel connection from [^:]+:(\d+) for \/v1\/data-channel\/(\S+)$/;

/** Peer ports of the data-channel websockets the emulator accepted, from its log. */
function websocketPeerPorts(log: readonly string[]): number[] {
  return log.flatMap((line) => {
    const match = WEBSOCKET_LINE.exec(line);
    return match ? [Number(match[1])] : [];
  });
}

function describeRun(result: CliResult, tunnels: readonly Tunnel[]): string {
  return JSON.stringify({ ...result, tunnels }, null, 1);
}

/** Runs a program with stdin a pipe held open until it exits (as a terminal would be). */
function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const clis = findAwsClis();

// Issue 4 §6d: HTTPS_PROXY and AWS_CA_BUNDLE, end to end over https/wss, through a real CONNECT proxy.
describe('HTTPS_PROXY: the API calls and the data-channel websocket go through a CONNECT proxy', () => {
  let certs: TestCertificates;
  let proxy: ConnectProxy;
  /** TLS emulator that advertises HIDDEN_HOST: reachable only through the proxy. */
  let hidden: Emulator;
  const hiddenLog: string[] = [];
  /** TLS emulator on 127.0.0.1: reachable directly too. */
  let direct: Emulator;
  const directLog: string[] = [];
  let home: CliHome;

  beforeAll(async () => {
    certs = makeTestCertificates([HIDDEN_HOST]);
    const tls = { cert: certs.cert, key: certs.key };
    hidden = await Emulator.start({ tls, host: HIDDEN_HOST, log: (line) => hiddenLog.push(line) });
    direct = await Emulator.start({ tls, log: (line) => directLog.push(line) });
    proxy = await ConnectProxy.start({ hosts: { [HIDDEN_HOST]: '127.0.0.1' } });
    home = cliHome(direct.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await hidden?.close();
    await direct?.close();
  });

  /** The CLI's environment: no proxy variable of any kind unless given here. */
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...home.env, ...extra });
  const viaProxy = (): NodeJS.ProcessEnv => env({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: certs.caPath });
  const exec = (
    emulator: Emulator,
    environment: NodeJS.ProcessEnv,
    word: string,
    target = 'web-1',
  ): Promise<CliResult> =>
    runCli(
      ['exec', target, '--endpoint-url', emulator.endpoint, '--profile', 'static', '--', 'echo', word],
      environment,
    );

  it('the emulator serves https and wss; the hidden host does not resolve here', async () => {
    expect(hidden.endpoint).toBe(`https://${HIDDEN_HOST}:${hidden.port}`);
    expect(direct.endpoint).toBe(`https://127.0.0.1:${direct.port}`);
    await expect(lookup(HIDDEN_HOST)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('exec to a host only the proxy resolves: the output arrives, and the websocket was one of the tunnels', async () => {
    proxy.reset();
    hiddenLog.length = 0;
    const result = await exec(hidden, viaProxy(), 'hi-through-proxy');
    const context = describeRun(result, proxy.tunnels);
    expect(result, context).toEqual({ code: 0, stdout: 'hi-through-proxy\n', stderr: '' });
    expect(proxy.plainRequests).toEqual([]);
    // Every connection the CLI made was a CONNECT to the advertised name, which the proxy resolved.
    expect(proxy.tunnels.length, context).toBeGreaterThanOrEqual(2);
    for (const tunnel of proxy.tunnels) {
      expect(tunnel.target).toBe(`${HIDDEN_HOST}:${hidden.port}`);
      expect(tunnel.dialled).toBe(`127.0.0.1:${hidden.port}`);
      expect(tunnel.status).toBe(200);
    }
    // The proxy sees only ciphertext. The emulator logged the peer port of the one websocket it
    // accepted; that port is the proxy's own socket of exactly one tunnel.
    const ports = websocketPeerPorts(hiddenLog);
    expect(ports, hiddenLog.join('\n')).toHaveLength(1);
    const websocket = proxy.tunnelFromPort(ports[0] ?? -1);
    expect(websocket, context).toBeDefined();
    const api = proxy.tunnels.filter((tunnel) => tunnel !== websocket);
    expect(api.length, context).toBeGreaterThanOrEqual(1);
    // StartSession (an API tunnel) came before the websocket, and the websocket carried traffic both ways.
    expect(Math.min(...api.map((tunnel) => tunnel.openedAt))).toBeLessThanOrEqual(websocket?.openedAt ?? 0);
    expect(websocket?.bytesFromClient).toBeGreaterThan(1000);
    expect(websocket?.bytesFromTarget).toBeGreaterThan(1000);
    const session = hidden.sessions.list().at(-1);
    expect(session?.target).toBe(WEB_1);
  });

  it('ls through the proxy: API calls only, each through a CONNECT tunnel, no websocket', async () => {
    proxy.reset();
    hiddenLog.length = 0;
    const result = await runCli(
      ['ls', '--endpoint-url', hidden.endpoint, '--profile', 'static', '--region', 'us-east-1'],
      viaProxy(),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(WEB_1);
    expect(result.stdout).toContain('web-1');
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.every((tunnel) => tunnel.target === `${HIDDEN_HOST}:${hidden.port}`)).toBe(true);
    expect(websocketPeerPorts(hiddenLog)).toEqual([]);
  });

  it('NO_PROXY=127.0.0.1 makes the same exec go direct: zero CONNECTs (and without it, it tunnels)', async () => {
    proxy.reset();
    directLog.length = 0;
    const tunnelled = await exec(direct, viaProxy(), 'via-proxy');
    expect(tunnelled, describeRun(tunnelled, proxy.tunnels)).toEqual({
      code: 0,
      stdout: 'via-proxy\n',
      stderr: '',
    });
    const [tunnelledPort] = websocketPeerPorts(directLog);
    expect(proxy.tunnelFromPort(tunnelledPort ?? -1)).toBeDefined();
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(2);

    proxy.reset();
    directLog.length = 0;
    for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, { no_proxy: 'localhost,127.0.0.1' }]) {
      const result = await exec(direct, env({ ...viaProxy(), ...noProxy }), 'no-proxy');
      expect(result, JSON.stringify(noProxy)).toEqual({ code: 0, stdout: 'no-proxy\n', stderr: '' });
    }
    expect(proxy.tunnels).toEqual([]);
    expect(websocketPeerPorts(directLog)).toHaveLength(2);
  });

  it('without AWS_CA_BUNDLE the certificate is refused: one clear line, no stack trace', async () => {
    proxy.reset();
    hiddenLog.length = 0;
    // By id: no listing, so the refusal comes from StartSession (by Name tag: the next test).
    const result = await exec(hidden, env({ HTTPS_PROXY: proxy.url }), 'never', WEB_1);
    expect(result.code, result.stderr).toBe(255);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ssm-desk: [^\n]*certificate[^\n]*\n$/);
    // It did go through the proxy, and the emulator saw the client give up on its certificate.
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => hiddenLog.some((line) => line.startsWith('TLS handshake failed'))).toBe(true);
    expect(websocketPeerPorts(hiddenLog)).toEqual([]);
  });

  it('without AWS_CA_BUNDLE, by Name tag: the failed listing is one line, not a warning and an error', async () => {
    proxy.reset();
    hiddenLog.length = 0;
    const sessionsBefore = hidden.sessions.list().length;
    const result = await exec(hidden, env({ HTTPS_PROXY: proxy.url }), 'never', 'web-1');
    // Exit 1, not 255: no session was started (docs/cli.md).
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^ssm-desk: cannot list instances in us-east-1: [^\n]*certificate[^\n]*\n$/,
    );
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(hidden.sessions.list()).toHaveLength(sessionsBefore);
    expect(websocketPeerPorts(hiddenLog)).toEqual([]);
  });

  it('an unreadable AWS_CA_BUNDLE: one line naming it', async () => {
    const missing = `${certs.dir}/no-such-ca.pem`;
    const result = await exec(hidden, env({ HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: missing }), 'never');
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ssm-desk: [^\n]*AWS_CA_BUNDLE[^\n]*no-such-ca\.pem[^\n]*\n$/);
  });

  // The drop-in plugin, called by the real AWS CLIs: the CLI's own calls and the plugin's websocket (and
  // its ResumeSession/TerminateSession/KMS calls) all take HTTPS_PROXY and AWS_CA_BUNDLE from the
  // environment the CLI passes on. Before the plugin did, it failed with ENOTFOUND on the hidden host.
  for (const label of ['v1', 'v2'] as const) {
    it(`aws ${label} ssm start-session with our plugin: a NonInteractiveCommand through the proxy`, async () => {
      const cli = clis.find((found) => found.label === label);
      expect(cli, `AWS CLI ${label} is installed`).toBeDefined();
      proxy.reset();
      hiddenLog.length = 0;
      const result = await runProgram(
        cli?.path ?? 'aws',
        [
          'ssm',
          'start-session',
          '--target',
          WEB_1,
          '--endpoint-url',
          hidden.endpoint,
          '--region',
          'us-east-1',
          '--document-name',
          'AWS-StartNonInteractiveCommand',
          '--parameters',
          JSON.stringify({ command: ['echo hi-plugin'] }),
        ],
        awsCliEnvironment(hidden.endpoint, { HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: certs.caPath }),
      );
      const context = describeRun(result, proxy.tunnels);
      expect(result.stderr, context).toBe('');
      expect(result.code, context).toBe(0);
      const match =
        /\nStarting session with SessionId: (\S+)\n([\s\S]*)\n\nExiting session with sessionId: (\S+)\.\n\n$/.exec(
          result.stdout,
        );
      expect(match, context).not.toBeNull();
      expect(match?.[2], context).toBe('hi-plugin\nEXIT_CODE: 0');
      expect(match?.[3]).toBe(match?.[1]);
      expect(hidden.sessions.list().find((session) => session.sessionId === match?.[1])?.target).toBe(WEB_1);

      // Every connection, the CLI's and the plugin's, was a CONNECT to the advertised name.
      expect(proxy.plainRequests).toEqual([]);
      expect(proxy.tunnels.length, context).toBeGreaterThanOrEqual(2);
      for (const tunnel of proxy.tunnels) {
        expect(tunnel.target).toBe(`${HIDDEN_HOST}:${hidden.port}`);
        expect(tunnel.status).toBe(200);
      }
      // The one websocket the emulator accepted came from the proxy's socket of one of those tunnels.
      const ports = websocketPeerPorts(hiddenLog);
      expect(ports, hiddenLog.join('\n')).toHaveLength(1);
      const websocket = proxy.tunnelFromPort(ports[0] ?? -1);
      expect(websocket, context).toBeDefined();
      const api = proxy.tunnels.filter((tunnel) => tunnel !== websocket);
      expect(Math.min(...api.map((tunnel) => tunnel.openedAt))).toBeLessThanOrEqual(websocket?.openedAt ?? 0);
      expect(websocket?.bytesFromClient).toBeGreaterThan(1000);
      expect(websocket?.bytesFromTarget).toBeGreaterThan(1000);
    });
  }
});
