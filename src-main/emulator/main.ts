#!/usr/bin/env node
/**
 * `npm run emulator`: the first line printed is the endpoint URL, then a ready-to-paste
 * `aws ssm start-session` line; it runs until interrupted.
 */
import {
  EMULATOR_USAGE,
  EmulatorLaunchError,
  launchEmulator,
  parseEmulatorArgs,
  startSessionHint,
} from './emulator-cli.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseEmulatorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(EMULATOR_USAGE);
    return 0;
  }
  let launched;
  try {
    launched = await launchEmulator(options, (line) => process.stderr.write(`emulator: ${line}\n`));
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    return error instanceof EmulatorLaunchError && error.kind === 'usage' ? 2 : 1;
  }
  const { emulator, config } = launched;
  process.stdout.write(`${emulator.endpoint}\n`);
  const hint = startSessionHint(config, emulator.endpoint);
  if (hint) process.stdout.write(`${hint}\n`);
  process.stdout.write(`${config.instances.length} instances; press Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
