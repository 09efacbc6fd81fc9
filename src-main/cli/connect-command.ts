import type { Session } from '../sessions/session.js';
import { contextsFor } from './aws-scopes.js';
import { CliError, UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { CONNECT_HELP } from './help-texts.js';
import { chooseTarget, describeInstance } from './target-choice.js';

const TERMINATE_WAIT_MS = 5_000;

export async function runConnectCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    'document-name': { kind: 'string' },
    parameters: { kind: 'string' },
    reason: { kind: 'string' },
    keepalive: { kind: 'string' },
    help: { kind: 'boolean', short: 'h' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(CONNECT_HELP);
    return 0;
  }
  if (flags.positionals.length > 1 || flags.afterDashDash) {
    throw new UsageError('connect takes at most one target (use exec to run a command)');
  }
  const parameters = parseParameters(flags.strings.get('parameters'));
  const keepAliveText = flags.strings.get('keepalive');
  const keepAliveSeconds = keepAliveText === undefined ? 0 : Number(keepAliveText);
  if (!/^\d+$/.test(keepAliveText ?? '0') || keepAliveSeconds > 86_400) {
    throw new UsageError(`--keepalive takes a number of seconds (0 to 86400), got "${keepAliveText ?? ''}"`);
  }
  const documentName = flags.strings.get('document-name');
  const reason = flags.strings.get('reason');
  // What StartSession would refuse is a usage error, said before any request (issue 8 §7).
  const { validateSessionOptions } = await import('../aws/session-request.js');
  try {
    validateSessionOptions({
      ...(documentName !== undefined ? { documentName } : {}),
      ...(reason !== undefined ? { reason } : {}),
      ...(parameters ? { parameters } : {}),
    });
  } catch (error) {
    throw new UsageError(flagProblem((error as Error).message));
  }
  const runtime = new CommandRuntime('connect', common, io);
  const contexts = await contextsFor(runtime);
  const { instance, context } = await chooseTarget(runtime, contexts, flags.positionals[0], io.isTTY);

  const { startSsmSession, createSession, terminateSsmSession } =
    await import('../client/session-launcher.js');
  const { ShellSession } = await import('../sessions/shell-session.js');
  const { ProcessTerminal } = await import('../terminal/process-terminal.js');
  const { EscapeTerminal } = await import('./escape-terminal.js');
  const { channelClosedText } = await import('../protocol/channel-closed.js');
  const { channelStateInfo } = await import('../client/start-shell.js');
  const { ChannelNotices } = await import('./channel-notices.js');

  const start = await startSsmSession(context, {
    target: instance.instanceId,
    ...(documentName ? { documentName } : {}),
    ...(parameters ? { parameters } : {}),
    ...(reason ? { reason } : {}),
  });
  runtime.log.info(
    `connect: session ${start.sessionId} to ${describeInstance(instance)} in ${context.region}`,
  );
  io.stdout.write(
    `\nStarting session with SessionId: ${start.sessionId} on ${describeInstance(instance)} (~? for escapes)\n`,
  );

  const processTerminal = new ProcessTerminal(io.stdin, io.stdout);
  let terminating = false;
  const ref: { session?: Session } = {};
  const terminal = new EscapeTerminal(processTerminal, (action) => {
    if (action !== 'terminate' || terminating) return;
    terminating = true;
    runtime.log.info(`connect: ~. terminates session ${start.sessionId}`);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, TERMINATE_WAIT_MS).unref());
    void Promise.race([terminateSsmSession(context, start.sessionId), timeout])
      .catch((error: unknown) => runtime.log.warn(`TerminateSession failed: ${(error as Error).message}`))
      .finally(() =>
        ref.session?.end({
          kind: 'local',
          reason: '~.',
          exitText: `\nSession ${start.sessionId} terminated (~.).\n`,
        }),
      );
  });
  const notices = new ChannelNotices();
  // One line of its own on the shared screen: in raw mode a bare \n does not return the cursor.
  const showNotice = (text: string): void => {
    const raw = io.stderr.isTTY === true;
    const newline = raw ? '\r\n' : '\n';
    io.stderr.write(`${raw && !terminal.atLineStart ? newline : ''}ssm-desk: ${text}${newline}`);
    terminal.lineEnded();
  };
  const session = createSession(
    context,
    start,
    instance.instanceId,
    {
      Standard_Stream: (typeContext) =>
        new ShellSession(typeContext, terminal, { keepAliveMs: keepAliveSeconds * 1000 }),
    },
    {
      onCustomerMessage: (text) => io.stdout.write(`${text}\n`),
      onStateChange: (state, detail, event) => {
        // The file only: mirrored to stderr it would break the raw-mode screen; the notice is the user's line.
        runtime.log.log(
          'info',
          [`session ${start.sessionId}: ${state}${detail ? ` (${detail})` : ''}`],
          false,
        );
        const notice = notices.next(state, event ? channelStateInfo(event) : undefined);
        if (notice) showNotice(notice);
      },
      onDiagnostic: (text) => runtime.log.debug(text),
    },
  );
  ref.session = session;
  // A hang-up or kill still gives the terminal back (raw mode off) before we go.
  const onSignal = (signal: NodeJS.Signals): void =>
    session.end({
      kind: 'local',
      reason: signal,
      exitText: `\nSession ${start.sessionId} ended by ${signal}.\n`,
    });
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  let end;
  try {
    await session.start();
    end = await session.done;
  } finally {
    terminal.restore();
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGHUP', onSignal);
  }
  runtime.log.info(`connect: session ${start.sessionId} ended: ${end.kind}`);
  switch (end.kind) {
    case 'closed':
      io.stdout.write(channelClosedText(start.sessionId, end.output));
      return 0;
    case 'local':
      io.stdout.write(end.exitText ?? '\n');
      return 0;
    case 'input-ended':
      io.stdout.write(`\nSession ${start.sessionId} ended: input closed (${end.reason}).\n`);
      return 0;
    case 'timed-out':
      throw new CliError(`session ${start.sessionId} timed out`);
    case 'failed':
      throw new CliError(`session ${start.sessionId} failed: ${end.error.message}`);
  }
}

/** The library's words for a field, as the flag that set it. */
function flagProblem(message: string): string {
  return message
    .replace(/^the reason /, '--reason ')
    .replace(/^document name /, '--document-name ')
    .replace(/^parameter /, '--parameters: ');
}

function parseParameters(text: string | undefined): Record<string, string | string[]> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError('--parameters must be JSON, e.g. \'{"command":["bash -l"]}\'');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--parameters must be a JSON object');
  }
  const out: Record<string, string | string[]> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else if (Array.isArray(item) && item.every((v) => typeof v === 'string')) out[key] = item as string[];
    else throw new UsageError(`--parameters: ${key} must be a string or a list of strings`);
  }
  return out;
}
