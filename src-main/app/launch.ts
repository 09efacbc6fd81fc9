#!/usr/bin/env node
/**
 * `npm start`. The Electron desktop app is a later issue and is not built yet, so this launcher says
 * so and runs the terminal face instead: it starts the embedded emulator (demo mode; `--aws` uses the
 * AWS account configured on this machine) and opens `ssm-desk connect`, whose picker lists the
 * instances to open a shell on.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Emulator } from '../emulator/emulator.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const useAws = process.argv.includes('--aws');

async function main(): Promise<number> {
  process.stdout.write(
    'SSM Desk: the desktop app is not part of this build yet; starting the terminal client.\n',
  );
  let emulator: Emulator | undefined;
  const args = ['connect'];
  const env = { ...process.env };
  if (!useAws) {
    emulator = await Emulator.start();
    process.stdout.write(
      `Demo mode: emulated AWS at ${emulator.endpoint} (run with -- --aws for your account).\n`,
    );
    args.push('--endpoint-url', emulator.endpoint, '--region', 'us-east-1');
    env.AWS_ACCESS_KEY_ID = 'demo';
    env.AWS_SECRET_ACCESS_KEY = 'demo';
    delete env.AWS_SESSION_TOKEN;
    delete env.AWS_PROFILE;
  }
  const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env });
  // The child owns the terminal; Ctrl-C belongs to the remote shell, not to this launcher.
  process.on('SIGINT', () => undefined);
  const status = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await emulator?.close();
  return status;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`ssm-desk: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
