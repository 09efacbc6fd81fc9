import type { InstanceRecord } from '../client/instance-record.js';
import { palette } from './ansi.js';
import { contextsFor } from './aws-scopes.js';
import { UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { LS_HELP } from './help-texts.js';
import { matchesFilter, parseTagFilter, type InstanceFilter } from './instance-filter.js';
import { startSpinner } from './spinner.js';
import { listErrorText } from './target-choice.js';
import { renderTable, type Column } from './table.js';

const LIST_CONCURRENCY = 4;

export async function runLsCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    name: { kind: 'string' },
    tag: { kind: 'list' },
    state: { kind: 'string' },
    platform: { kind: 'string' },
    help: { kind: 'boolean', short: 'h' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(LS_HELP);
    return 0;
  }
  if (flags.positionals.length > 0 || flags.afterDashDash) {
    throw new UsageError(`ls takes no arguments, got ${JSON.stringify(flags.positionals[0] ?? '--')}`);
  }
  const filter: InstanceFilter = { tags: (flags.lists.get('tag') ?? []).map(parseTagFilter) };
  for (const key of ['name', 'state', 'platform'] as const) {
    const value = flags.strings.get(key);
    if (value !== undefined) filter[key] = value;
  }

  const runtime = new CommandRuntime('ls', common, io);
  runtime.log.info('ls', {
    profiles: common.profiles,
    regions: common.regions,
    endpoint: common.endpointUrl,
  });
  const contexts = await contextsFor(runtime);
  const { listInstances } = await import('../client/list-instances.js');
  const spinner = startSpinner(io.stderr, `listing instances in ${contexts.length} region(s)…`);
  let done = 0;
  let found = 0;
  let result;
  try {
    result = await listInstances(contexts, {
      concurrency: LIST_CONCURRENCY,
      cacheTtlMs: 0,
      onPartial: (instances, scope) => {
        done++;
        found += instances.length;
        runtime.log.info(
          `ls: ${instances.length} instances in ${scope.region}${scope.profile ? ` (${scope.profile})` : ''}`,
        );
        spinner.update(`${found} instances so far (${done}/${contexts.length} regions)…`);
      },
    });
  } finally {
    spinner.stop();
  }
  const shown = result.instances.filter((instance) => matchesFilter(instance, filter));
  for (const error of result.errors) {
    const where = `${error.region}${error.profile ? ` (profile ${error.profile})` : ''}`;
    const text = listErrorText(error);
    runtime.log.warn(`${where}: ${text}`);
    if (runtime.common.logLevel === 'error') io.stderr.write(`ssm-desk: ${where}: ${text}\n`);
  }
  // Every region failed: that is a failure, not an empty list.
  if (result.errors.length > 0 && result.errors.length === contexts.length) return 1;
  if (common.json) io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  else if (shown.length > 0) {
    io.stdout.write(instanceTable(shown, contexts.length > 1, common.profiles.length > 1, io.color));
  } else io.stderr.write('ssm-desk: no instances match\n');
  return 0;
}

export function instanceTable(
  rows: InstanceRecord[],
  withRegion: boolean,
  withProfile: boolean,
  color: boolean,
): string {
  const p = palette(color);
  const dash = (text: string | undefined): string => text || '-';
  const columns: Column<InstanceRecord>[] = [
    { header: 'ID', value: (i) => i.instanceId },
    { header: 'NAME', value: (i) => dash(i.name) },
    {
      header: 'STATE',
      value: (i) => dash(i.state),
      style: (t, i) => (i.state === 'running' ? p.green(t) : i.state ? p.yellow(t) : t),
    },
    {
      header: 'PING',
      value: (i) => dash(i.pingStatus),
      style: (t, i) => (i.pingStatus === 'Online' ? p.green(t) : i.pingStatus ? p.red(t) : p.dim(t)),
    },
    { header: 'PLATFORM', value: (i) => dash(i.platformName ?? i.platformType) },
    { header: 'AGENT', value: (i) => dash(i.agentVersion) },
    { header: 'PRIVATE IP', value: (i) => dash(i.privateIpAddress) },
  ];
  if (withRegion) columns.push({ header: 'REGION', value: (i) => i.region });
  if (withProfile) columns.push({ header: 'PROFILE', value: (i) => dash(i.profile) });
  return renderTable(columns, rows, p.bold);
}
