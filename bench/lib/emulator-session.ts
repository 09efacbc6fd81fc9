import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AwsContext } from '../../src-main/aws/aws-context.js';
import { createSession, startSsmSession, type StartRequest } from '../../src-main/client/session-launcher.js';
import { Emulator } from '../../src-main/emulator/emulator.js';
import { defaultEmulatorConfig } from '../../src-main/emulator/inventory/default-inventory.js';
import type { EmulatedInstance, EmulatorConfig } from '../../src-main/emulator/model.js';
import type { Session } from '../../src-main/sessions/session.js';
import type { SessionTypeRegistry } from '../../src-main/sessions/session-type.js';

/** What the benchmarks need of an emulator, in this process or in its own. */
export interface BenchEmulatorHandle {
  endpoint: string;
  config: EmulatorConfig;
}

/**
 * An emulator and an AwsContext pointed at it (us-east-1, static dummy credentials). With
 * `separateProcess`, the emulator runs in its own Node process, as `npm run emulator` or a real
 * service would: the client then has a core of its own, which is what a throughput figure is about.
 */
export interface BenchEmulator {
  emulator: BenchEmulatorHandle;
  aws: AwsContext;
  close(): Promise<void>;
}

export async function startBenchEmulator(
  pace: 'fast' | 'real',
  change: (config: EmulatorConfig) => void = () => undefined,
  options: { separateProcess?: boolean } = {},
): Promise<BenchEmulator> {
  // The SDK's default provider chain reads these first; nothing leaves the machine.
  process.env.AWS_ACCESS_KEY_ID = 'AKIABENCHMARK000000';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  // The SDK warns once per process that it will need Node 22 from 2027; not what is measured here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const config = defaultEmulatorConfig();
  config.agentPace = pace;
  change(config);
  if (options.separateProcess) {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-desk-bench-'));
    const file = join(dir, 'emulator.json');
    // The file's format is not EmulatorConfig's: databases are given as seeds there (an Aurora seed
    // makes a cluster and its members). The benchmarks need none, so they are left out.
    const { databases: _databases, ...fileConfig } = config;
    writeFileSync(file, JSON.stringify(fileConfig));
    const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src-main', 'emulator', 'main.js');
    const child = spawn(process.execPath, [main, '--port', '0', '--config', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its log (every data channel it opens) would drown the benchmark's output: kept for errors only.
    let log = '';
    child.stderr.on('data', (data: Buffer) => (log = (log + data.toString()).slice(-2000)));
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (data: Buffer) => {
        text += data.toString();
        const line = /^(http:\/\/127\.0\.0\.1:\d+)\n/.exec(text);
        if (line?.[1]) resolve(line[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`the emulator exited (${code}) before printing its endpoint: ${log.trim()}`)),
      );
    }).catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    const aws = await AwsContext.create({ region: 'us-east-1', endpointUrl: endpoint });
    return {
      emulator: { endpoint, config },
      aws,
      close: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const emulator = await Emulator.start({ config });
  const aws = await AwsContext.create({ region: 'us-east-1', endpointUrl: emulator.endpoint });
  return { emulator, aws, close: () => emulator.close() };
}

/** The online Linux instance in us-east-1 with exactly this agent version. */
export function instanceWithAgent(bench: BenchEmulator, agentVersion: string): EmulatedInstance {
  const instance = bench.emulator.config.instances.find(
    (i) =>
      i.online && i.region === 'us-east-1' && i.platformType === 'Linux' && i.agentVersion === agentVersion,
  );
  if (!instance)
    throw new Error(`the default inventory has no online Linux instance with agent ${agentVersion}`);
  return instance;
}

/**
 * The plugin's argv as AWS CLI v1 passes it after its own StartSession: the answer, region, operation,
 * profile (none), the request (only Target is read) and the endpoint.
 */
export async function pluginArgvFor(
  bench: Pick<BenchEmulator, 'aws'>,
  endpoint: string,
  request: StartRequest,
): Promise<string[]> {
  const start = await startSsmSession(bench.aws, request);
  const response = JSON.stringify({
    SessionId: start.sessionId,
    TokenValue: start.tokenValue,
    StreamUrl: start.streamUrl,
  });
  return [response, 'us-east-1', 'StartSession', '', JSON.stringify({ Target: request.target }), endpoint];
}

/** StartSession through the emulator's SSM API, then a Session wired as the CLI faces wire it. */
export async function openSession(
  bench: BenchEmulator,
  request: StartRequest,
  sessionTypes: SessionTypeRegistry,
  onDiagnostic?: (text: string) => void,
): Promise<Session> {
  const start = await startSsmSession(bench.aws, request);
  const session = createSession(bench.aws, start, request.target, sessionTypes, {
    ...(onDiagnostic ? { onDiagnostic } : {}),
  });
  await session.start();
  return session;
}
