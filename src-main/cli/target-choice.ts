import type { AwsContext } from '../aws/aws-context.js';
import type { InstanceRecord } from '../client/instance-record.js';
import { CliError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import type { CommandRuntime } from './command-runtime.js';
import { startSpinner } from './spinner.js';

export interface ChosenTarget {
  instance: InstanceRecord;
  /** The context for the instance's own region and profile. */
  context: AwsContext;
}

/**
 * Resolves the target text to one instance: directly for an instance id; else by listing. Several
 * matches (or none given) open the picker on a terminal when `interactive`, and are an error that
 * lists them otherwise.
 */
export async function chooseTarget(
  runtime: CommandRuntime,
  contexts: AwsContext[],
  text: string | undefined,
  interactive: boolean,
): Promise<ChosenTarget> {
  const { resolveTarget } = await import('../client/resolve-target.js');
  const { io } = runtime;
  const spinner =
    text && /^(i|mi)-[0-9a-f]{8,17}$/.test(text.trim())
      ? undefined
      : startSpinner(io.stderr, 'finding instances…');
  let resolution;
  try {
    resolution = await resolveTarget(contexts, text);
  } finally {
    spinner?.stop();
  }
  for (const error of resolution.errors) runtime.log.warn(`${error.region}: ${error.message}`);
  let candidates = resolution.candidates;
  if (candidates.length === 0) {
    if (text === undefined) throw new CliError('no instances managed by SSM were found');
    if (resolution.errors.length > 0 && resolution.instances.length === 0) {
      throw new CliError(`cannot list instances: ${resolution.errors[0]?.message}`);
    }
    throw new CliError(`no instance matches ${JSON.stringify(text)} (see ssm-desk ls)`);
  }
  if (candidates.length > 1) {
    // Prefer instances that can take a session now.
    const online = candidates.filter((c) => c.pingStatus === 'Online');
    if (online.length === 1 && resolution.query?.kind !== 'name') candidates = online;
  }
  let chosen: InstanceRecord | undefined = candidates.length === 1 ? candidates[0] : undefined;
  if (!chosen) {
    if (!interactive) throw new CliError(ambiguousText(text, candidates));
    const { pickInstance } = await import('./instance-picker.js');
    chosen = await pickInstance(io, candidates, text ?? '');
    if (!chosen) throw new CliError('cancelled', 130);
  }
  const context =
    contexts.find((c) => c.region === chosen.region && c.profile === chosen.profile) ??
    (contexts[0] as AwsContext);
  return { instance: chosen, context };
}

function ambiguousText(text: string | undefined, candidates: InstanceRecord[]): string {
  const shown = candidates
    .slice(0, 10)
    .map((c) => `${c.instanceId} (${c.name ?? '-'}, ${c.region}, ${c.pingStatus ?? '-'})`)
    .join(', ');
  const more = candidates.length > 10 ? `, and ${candidates.length - 10} more` : '';
  return `${text ? JSON.stringify(text) : 'no target given:'} ${text ? 'matches' : 'choose among'} ${candidates.length} instances: ${shown}${more}; name one by id`;
}

export function describeInstance(instance: InstanceRecord): string {
  return instance.name ? `${instance.instanceId} (${instance.name})` : instance.instanceId;
}

export type { CliIO };
