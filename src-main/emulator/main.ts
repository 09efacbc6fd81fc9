#!/usr/bin/env node
/**
 * `npm run emulator`: the first line printed is the endpoint URL, then a ready-to-paste
 * `aws ssm start-session` line; it runs until interrupted.
 */
import { Emulator } from './emulator.js';
import { EMULATOR_USAGE, loadEmulatorTls, parseEmulatorArgs, startSessionHint } from './emulator-cli.js';
import { defaultEmulatorConfig } from './inventory/default-inventory.js';
import { loadEmulatorConfig } from './inventory/load-config.js';

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
  let config;
  let tls;
  try {
    config = options.configPath ? loadEmulatorConfig(options.configPath) : defaultEmulatorConfig();
    tls = loadEmulatorTls(options);
  } catch (error) {
    process.stderr.write(`emulator: ${(error as Error).message}\n`);
    return 2;
  }
  let emulator: Emulator;
  try {
    emulator = await Emulator.start({
      port: options.port,
      config,
      tls,
      log: (line) => process.stderr.write(`emulator: ${line}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE' ? `port ${options.port} is already in use` : (error as Error).message;
    process.stderr.write(`emulator: cannot listen: ${reason}\n`);
    return 1;
  }
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
