import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { Emulator, EmulatorTlsOptions } from './emulator.js';
import type { EmulatorConfig } from './model.js';

export interface EmulatorCliOptions {
  port: number;
  configPath: string | undefined;
  /** --tls-cert and --tls-key: both or neither. */
  tlsCertPath: string | undefined;
  tlsKeyPath: string | undefined;
  help: boolean;
}

export const EMULATOR_USAGE = `Usage: npm run emulator -- [--port N] [--config FILE] [--tls-cert FILE --tls-key FILE]

Runs the local AWS emulator (SSM, EC2, KMS, STS, RDS, SSO APIs, data channel, simulated agents)
on 127.0.0.1.
  --port N          port to listen on; 0 picks a free port (default 0)
  --config FILE     inventory and settings as JSON (docs/emulator.md); default: a demo inventory
  --tls-cert FILE   serve https:// and wss:// with this PEM certificate (clients need AWS_CA_BUNDLE
  --tls-key FILE    set to its CA) and this PEM key; both or neither. Default: plain http
`;

/** Parses the emulator's own argv; throws an Error with a one-line message on bad input. */
export function parseEmulatorArgs(argv: readonly string[]): EmulatorCliOptions {
  const options: EmulatorCliOptions = {
    port: 0,
    configPath: undefined,
    tlsCertPath: undefined,
    tlsKeyPath: undefined,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] ?? '';
    const [name, inline] =
      argument.startsWith('--') && argument.includes('=') ? argument.split(/=(.*)/s) : [argument];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new Error(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--port': {
        const text = value();
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new Error(`--port must be 0..65535, got ${text}`);
        options.port = port;
        break;
      }
      case '--config':
        options.configPath = value();
        break;
      case '--tls-cert':
        options.tlsCertPath = value();
        break;
      case '--tls-key':
        options.tlsKeyPath = value();
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option ${argument} (try --help)`);
    }
  }
  if ((options.tlsCertPath === undefined) !== (options.tlsKeyPath === undefined)) {
    throw new Error('--tls-cert and --tls-key go together');
  }
  return options;
}

/**
 * Reads the --tls-cert and --tls-key files and checks that they make a TLS context; throws an Error
 * with a one-line message otherwise.
 */
export function loadEmulatorTls(options: EmulatorCliOptions): EmulatorTlsOptions | undefined {
  if (options.tlsCertPath === undefined || options.tlsKeyPath === undefined) return undefined;
  const read = (flag: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, {
        cause: error,
      });
    }
  };
  const tls = { cert: read('--tls-cert', options.tlsCertPath), key: read('--tls-key', options.tlsKeyPath) };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new Error(`--tls-cert/--tls-key: ${(error as Error).message}`, { cause: error });
  }
  return tls;
}

/** The ready-to-paste start-session line for the first online Linux instance, if any. */
export function startSessionHint(config: EmulatorConfig, endpoint: string): string | undefined {
  const instance =
    config.instances.find(
      (i) => i.online && i.state === 'running' && i.platformType === 'Linux' && i.region === 'us-east-1',
    ) ?? config.instances.find((i) => i.online && i.state === 'running');
  if (!instance) return undefined;
  return `AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo aws ssm start-session --target ${instance.instanceId} --endpoint-url ${endpoint} --region ${instance.region}`;
}

/** Why `launchEmulator` failed: bad arguments or files (a usage error), or the port could not be bound. */
export class EmulatorLaunchError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'listen',
  ) {
    super(message);
  }
}

/**
 * Loads the config file and TLS files the options name and starts the emulator: the one start-up path
 * of `npm run emulator` and `ssm-desk emulator`. Throws EmulatorLaunchError with a one-line message.
 */
export async function launchEmulator(
  options: EmulatorCliOptions,
  log: (line: string) => void,
): Promise<{ emulator: Emulator; config: EmulatorConfig }> {
  let config: EmulatorConfig;
  let tls: EmulatorTlsOptions | undefined;
  try {
    const { loadEmulatorConfig } = await import('./inventory/load-config.js');
    const { defaultEmulatorConfig } = await import('./inventory/default-inventory.js');
    config = options.configPath ? loadEmulatorConfig(options.configPath) : defaultEmulatorConfig();
    tls = loadEmulatorTls(options);
  } catch (error) {
    throw new EmulatorLaunchError((error as Error).message, 'usage');
  }
  const { Emulator } = await import('./emulator.js');
  try {
    return { emulator: await Emulator.start({ port: options.port, config, tls, log }), config };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message;
    throw new EmulatorLaunchError(`cannot listen: ${reason}`, 'listen');
  }
}
