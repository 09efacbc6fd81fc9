import { CliError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { EMULATOR_HELP } from './help-texts.js';
import { UsageError } from './cli-errors.js';

/** `ssm-desk emulator`: the local AWS emulator in this process; the endpoint is the first line. */
export async function runEmulatorCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { loadEmulatorTls, parseEmulatorArgs, startSessionHint } =
    await import('../emulator/emulator-cli.js');
  let options;
  try {
    options = parseEmulatorArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (options.help) {
    io.stdout.write(EMULATOR_HELP);
    return 0;
  }
  const { loadEmulatorConfig } = await import('../emulator/inventory/load-config.js');
  const { defaultEmulatorConfig } = await import('../emulator/inventory/default-inventory.js');
  let config;
  let tls;
  try {
    config = options.configPath ? loadEmulatorConfig(options.configPath) : defaultEmulatorConfig();
    tls = loadEmulatorTls(options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { Emulator } = await import('../emulator/emulator.js');
  let emulator;
  try {
    emulator = await Emulator.start({
      port: options.port,
      config,
      tls,
      log: (line) => io.stderr.write(`emulator: ${line}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `emulator cannot listen: ${code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message}`,
    );
  }
  io.stdout.write(`${emulator.endpoint}\n`);
  const hint = startSessionHint(config, emulator.endpoint);
  const first = config.instances.find((i) => i.online && i.state === 'running');
  if (first) {
    io.stdout.write(
      `AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo ssm-desk connect ${first.instanceId} --endpoint-url ${emulator.endpoint} --region ${first.region}\n`,
    );
  }
  if (hint) io.stdout.write(`${hint}\n`);
  io.stdout.write(`${config.instances.length} instances; press Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}
