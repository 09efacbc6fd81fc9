import type { DatabaseRecord } from '../../src-shared/model/database.js';
import { palette } from './ansi.js';
import { contextsFor } from './aws-scopes.js';
import { awsErrorText } from './aws-words.js';
import { UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { DATABASES_HELP } from './help-texts.js';
import { startSpinner } from './spinner.js';
import { renderTable, type Column } from './table.js';

/**
 * `ssm-desk databases`: the RDS clusters and standalone instances of every --profile × --region
 * (listDatabases), as a table or --json, for `forward <instance> -L port:<endpoint>:<port>`. A failing
 * region is a line on stderr; the others are still listed (exit 1 only when every one failed).
 */
export async function runDatabasesCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, { help: { kind: 'boolean', short: 'h' } });
  if (flags.booleans.has('help')) {
    io.stdout.write(DATABASES_HELP);
    return 0;
  }
  if (flags.positionals.length > 0 || flags.afterDashDash) {
    throw new UsageError(`databases takes no arguments, got ${JSON.stringify(flags.positionals[0] ?? '--')}`);
  }
  const runtime = new CommandRuntime('databases', common, io);
  const contexts = await contextsFor(runtime);
  const { listDatabases } = await import('../client/list-databases.js');
  const spinner = startSpinner(io.stderr, `listing databases in ${contexts.length} region(s)…`);
  let result;
  try {
    result = await listDatabases(contexts);
  } finally {
    spinner.stop();
  }
  const severalProfiles = new Set(contexts.map((c) => c.profileName)).size > 1;
  for (const { profile, region, error } of result.errors) {
    io.stderr.write(
      `ssm-desk: ${region}${severalProfiles ? ` (profile ${profile})` : ''}: ${awsErrorText(error.code, error.message, profile)}\n`,
    );
  }
  if (result.errors.length > 0 && result.errors.length === contexts.length) return 1;
  if (common.json) io.stdout.write(`${JSON.stringify(result.databases, null, 2)}\n`);
  else if (result.databases.length > 0) {
    io.stdout.write(databaseTable(result.databases, contexts.length > 1, severalProfiles, io.color));
  } else io.stderr.write('ssm-desk: no databases found\n');
  return 0;
}

export function databaseTable(
  rows: DatabaseRecord[],
  withRegion: boolean,
  withProfile: boolean,
  color: boolean,
): string {
  const p = palette(color);
  const columns: Column<DatabaseRecord>[] = [
    { header: 'IDENTIFIER', value: (d) => d.identifier },
    { header: 'KIND', value: (d) => d.kind },
    { header: 'ENGINE', value: (d) => d.engine || '-' },
    { header: 'ENDPOINT', value: (d) => d.endpoint },
    { header: 'PORT', value: (d) => String(d.port) },
    {
      header: 'STATUS',
      value: (d) => d.status ?? '-',
      style: (t, d) => (d.status === 'available' ? p.green(t) : d.status ? p.yellow(t) : t),
    },
  ];
  if (withRegion) columns.push({ header: 'REGION', value: (d) => d.region });
  if (withProfile) columns.push({ header: 'PROFILE', value: (d) => d.profile });
  return renderTable(columns, rows, p.bold);
}
