import { palette } from './ansi.js';
import { awsErrorText } from './aws-words.js';
import { UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { SESSIONS_HELP } from './help-texts.js';
import { renderTable } from './table.js';

export async function runSessionsCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    history: { kind: 'boolean' },
    help: { kind: 'boolean', short: 'h' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(SESSIONS_HELP);
    return 0;
  }
  const [sub, ...ids] = flags.positionals;
  if (sub !== undefined && sub !== 'terminate') {
    throw new UsageError(`unknown sessions subcommand ${JSON.stringify(sub)} (try ssm-desk sessions --help)`);
  }
  if (common.regions.length > 1 || common.profiles.length > 1) {
    throw new UsageError('sessions takes one --profile and one --region');
  }
  const runtime = new CommandRuntime('sessions', common, io);
  const context = await runtime.context();
  const api = await import('../client/session-list.js');
  if (sub === 'terminate') {
    if (ids.length === 0) throw new UsageError('sessions terminate needs at least one session id');
    const results = await api.terminateSessions(context, ids);
    let failed = 0;
    for (const result of results) {
      if (result.ok) {
        runtime.log.info(`terminated session ${result.sessionId}`);
        if (!common.json) io.stdout.write(`terminated ${result.sessionId}\n`);
        continue;
      }
      failed++;
      const text = awsErrorText(
        result.error?.code ?? 'unknown',
        result.error?.message ?? '',
        context.profileName,
      );
      runtime.log.warn(`TerminateSession ${result.sessionId}: ${text}`);
      io.stderr.write(`ssm-desk: ${result.sessionId}: ${text}\n`);
    }
    if (common.json) io.stdout.write(`${JSON.stringify({ terminated: ids.length - failed, failed })}\n`);
    return failed > 0 ? 1 : 0;
  }
  if (ids.length > 0) throw new UsageError('sessions takes no arguments (did you mean sessions terminate?)');
  const sessions = await api.listSessions(context, flags.booleans.has('history') ? 'History' : 'Active');
  if (common.json) {
    io.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`);
    return 0;
  }
  if (sessions.length === 0) {
    io.stderr.write(
      `ssm-desk: no ${flags.booleans.has('history') ? 'ended' : 'active'} sessions in ${context.region}\n`,
    );
    return 0;
  }
  const p = palette(io.color);
  io.stdout.write(
    renderTable(
      [
        { header: 'SESSION', value: (s) => s.sessionId },
        { header: 'TARGET', value: (s) => s.target },
        {
          header: 'STATUS',
          value: (s) => s.status,
          style: (t, s) => (s.status === 'Connected' ? p.green(t) : t),
        },
        { header: 'STARTED', value: (s) => s.startDate?.replace(/\.\d+Z$/, 'Z') ?? '-' },
        { header: 'DOCUMENT', value: (s) => s.documentName ?? '-' },
        { header: 'OWNER', value: (s) => s.owner ?? '-' },
      ],
      sessions,
      p.bold,
    ),
  );
  return 0;
}
