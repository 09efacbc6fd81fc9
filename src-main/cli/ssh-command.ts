import { channelClosedText } from '../protocol/channel-closed.js';
import { contextsFor } from './aws-scopes.js';
import { CliError, UsageError, errorLine } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { SSH_HELP } from './help-texts.js';
import { chooseTarget, describeInstance } from './target-choice.js';

/**
 * `ssm-desk ssh %h %p` as an ssh ProxyCommand: AWS-StartSSHSession with portNumber=%p, stdin and
 * stdout carried as the byte stream (a Port session without a local listener). Nothing else may go to
 * stdout: ssh reads it as the SSH protocol.
 */
export async function runSshCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, { help: { kind: 'boolean', short: 'h' } });
  if (flags.booleans.has('help')) {
    io.stdout.write(SSH_HELP);
    return 0;
  }
  const [host, portText, ...extra] = flags.positionals;
  if (!host || !portText || extra.length > 0) throw new UsageError('usage: ssm-desk ssh <host> <port>');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new UsageError(`port must be 1..65535, got ${portText}`);
  if (common.regions.length > 1 || common.profiles.length > 1) {
    throw new UsageError('ssh takes one --profile and one --region');
  }
  const runtime = new CommandRuntime('ssh', common, io);
  const contexts = await contextsFor(runtime);
  const { instance, context } = await chooseTarget(runtime, contexts, host, false);
  const { startSsmSession, createSession } = await import('../client/session-launcher.js');
  const { PortSession } = await import('../sessions/port/port-session.js');
  runtime.log.info(`ssh to ${describeInstance(instance)} port ${port}`);
  let start;
  try {
    start = await startSsmSession(context, {
      target: instance.instanceId,
      documentName: 'AWS-StartSSHSession',
      parameters: { portNumber: String(port) },
    });
  } catch (error) {
    throw new CliError(errorLine(error), 255);
  }
  runtime.log.info(`started session ${start.sessionId}`);
  const session = createSession(
    context,
    start,
    instance.instanceId,
    {
      Port: (typeContext) =>
        PortSession.create(typeContext, {
          print: (text) => runtime.log.info(text.trim()),
          listen: false,
          stdio: { input: io.stdin, output: io.stdout },
        }),
    },
    { onDiagnostic: (text) => runtime.log.debug(text) },
  );
  await session.start();
  const end = await session.done;
  runtime.log.info(`session ${start.sessionId} ended: ${end.kind}`);
  if (end.kind === 'failed') throw new CliError(end.error.message, 255);
  if (end.kind === 'timed-out') throw new CliError(`session ${start.sessionId} timed out`, 255);
  if (end.kind === 'closed') runtime.log.info(channelClosedText(start.sessionId, end.output).trim());
  return 0;
}
