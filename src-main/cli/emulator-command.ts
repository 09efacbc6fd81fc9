import type { CliIO } from './cli-io.js';
import { EMULATOR_HELP } from './help-texts.js';
import { CliError, UsageError } from './cli-errors.js';

/** `ssm-desk emulator`: the local AWS emulator in this process; the endpoint is the first line. */
export async function runEmulatorCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { EmulatorLaunchError, launchEmulator, parseEmulatorArgs, startSessionHint } =
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
  let launched;
  try {
    launched = await launchEmulator(options, (line) => io.stderr.write(`emulator: ${line}\n`));
  } catch (error) {
    if (error instanceof EmulatorLaunchError && error.kind === 'usage') {
      throw new UsageError(error.message);
    }
    throw new CliError(`emulator ${(error as Error).message}`);
  }
  const { emulator, config } = launched;
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
