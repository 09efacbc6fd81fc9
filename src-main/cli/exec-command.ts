import { contextsFor } from './aws-scopes.js';
import { CliError, UsageError, errorLine } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags, type CommonFlags } from './common-flags.js';
import { DEFAULT_FLEET_CONCURRENCY, runFleetExec } from './exec-fleet.js';
import { parseFlags, type ParsedFlags } from './flag-parser.js';
import { EXEC_HELP } from './help-texts.js';
import { remoteCommandLine } from '../client/remote-command-line.js';
import { chooseTarget, describeInstance } from './target-choice.js';

/** --concurrency's upper bound: more sessions at once than this is a mistake, not a plan. */
const MAX_CONCURRENCY = 1000;

/** Exit status when the session itself fails (as ssh uses 255 for its own errors). */
export const SESSION_FAILED_STATUS = 255;

export async function runExecCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    targets: { kind: 'list' },
    concurrency: { kind: 'string' },
    help: { kind: 'boolean', short: 'h' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(EXEC_HELP);
    return 0;
  }
  const terms = (flags.lists.get('targets') ?? []).flatMap((value) => value.split(',')).map((t) => t.trim());
  if (terms.length > 0) return runOnFleet(common, io, terms, flags);
  if (flags.strings.has('concurrency')) throw new UsageError('--concurrency goes with --targets');
  const [target, ...extra] = flags.positionals;
  if (!target) throw new UsageError('exec needs a target: ssm-desk exec <target> -- <command...>');
  const commandWords = [...extra, ...(flags.afterDashDash ?? [])];
  if (commandWords.length === 0) throw new UsageError('exec needs a command after --');
  if (common.regions.length > 1 || common.profiles.length > 1) {
    throw new UsageError(
      'exec takes one --profile and one --region (or --targets, to run on several instances)',
    );
  }
  const runtime = new CommandRuntime('exec', common, io);
  const contexts = await contextsFor(runtime);
  const { instance, context } = await chooseTarget(runtime, contexts, target, false);
  const command = remoteCommandLine(commandWords, instance.platformType === 'Windows');
  const { runCommand } = await import('../client/run-command.js');
  runtime.log.info(`exec on ${describeInstance(instance)} in ${context.region}: ${command}`);
  const interrupt = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) interrupt.abort();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  try {
    const result = await runCommand(context, {
      target: instance.instanceId,
      command,
      stdout: io.stdout,
      stderr: io.stderr,
      signal: interrupt.signal,
      onSessionStarted: (id) => runtime.log.info(`started session ${id}`),
      onDiagnostic: (text) => runtime.log.debug(text),
    });
    runtime.log.info(
      `session ${result.sessionId} ended (${result.end.kind}), exit code ${result.exitCode ?? 'none'}`,
    );
    return result.exitCode ?? 0;
  } catch (error) {
    throw new CliError(errorLine(error), SESSION_FAILED_STATUS);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/** `exec --targets …`: the words after `--` on every instance the terms select (exec-fleet.ts). */
async function runOnFleet(
  common: CommonFlags,
  io: CliIO,
  terms: string[],
  flags: ParsedFlags,
): Promise<number> {
  if (terms.some((term) => term === '')) throw new UsageError('--targets has an empty term');
  if (flags.positionals.length > 0) {
    throw new UsageError('exec takes either a target or --targets, and the command after --');
  }
  const commandWords = flags.afterDashDash ?? [];
  if (commandWords.length === 0) throw new UsageError('exec needs a command after --');
  const text = flags.strings.get('concurrency');
  const concurrency = text === undefined ? DEFAULT_FLEET_CONCURRENCY : Number(text);
  if (!/^\d+$/.test(text ?? '1') || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency takes a number from 1 to ${MAX_CONCURRENCY}, got "${text ?? ''}"`);
  }
  const runtime = new CommandRuntime('exec', common, io);
  const contexts = await contextsFor(runtime);
  return runFleetExec(runtime, contexts, terms, commandWords, concurrency);
}
