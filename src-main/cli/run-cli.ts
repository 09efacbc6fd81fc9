import { PRODUCT_VERSION } from '../../src-shared/version.js';
import { UsageError, errorLine, exitCodeOf } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { MAIN_HELP } from './help-texts.js';

export type CommandMain = (argv: readonly string[], io: CliIO) => Promise<number>;

/** Each command's module is imported only when it runs, so --version and --help stay fast. */
const COMMANDS: Record<string, () => Promise<CommandMain>> = {
  ls: async () => (await import('./ls-command.js')).runLsCommand,
  list: async () => (await import('./ls-command.js')).runLsCommand,
  connect: async () => (await import('./connect-command.js')).runConnectCommand,
  exec: async () => (await import('./exec-command.js')).runExecCommand,
  sessions: async () => (await import('./sessions-command.js')).runSessionsCommand,
  forward: async () => (await import('./forward-command.js')).runForwardCommand,
  ssh: async () => (await import('./ssh-command.js')).runSshCommand,
  'ssh-config': async () => (await import('./ssh-config-command.js')).runSshConfigCommand,
  emulator: async () => (await import('./emulator-command.js')).runEmulatorCommand,
  login: async () => (await import('./login-command.js')).runLoginCommand,
  whoami: async () => (await import('./whoami-command.js')).runWhoamiCommand,
  databases: async () => (await import('./databases-command.js')).runDatabasesCommand,
};

/** Runs one invocation and returns the exit status; every failure becomes one `ssm-desk: …` line. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
      if (first === 'help' && rest[0] && COMMANDS[rest[0]]) return runCli([rest[0], '--help'], io);
      (first === undefined ? io.stderr : io.stdout).write(MAIN_HELP);
      return first === undefined ? 2 : 0;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout.write(`ssm-desk ${PRODUCT_VERSION}\n`);
      return 0;
    }
    const load = COMMANDS[first];
    if (!load) {
      throw new UsageError(
        first.startsWith('-')
          ? `options come after the command: ssm-desk <command> ${first} (try ssm-desk --help)`
          : `unknown command ${JSON.stringify(first)} (try ssm-desk --help)`,
      );
    }
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    io.stderr.write(`ssm-desk: ${errorLine(error)}\n`);
    if (io.env.SSM_DESK_DEBUG_STACK && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error);
  }
}
