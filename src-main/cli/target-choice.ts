import type { AwsContext } from '../aws/aws-context.js';
import type { InstanceRecord } from '../client/instance-record.js';
import type { ListError } from '../client/list-instances.js';
import { awsErrorText } from './aws-words.js';
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
  const failure = listingFailure(contexts, resolution.errors);
  if (failure !== undefined) {
    // Nothing could be listed: the one error line says it all; the details go to the log file only.
    for (const error of resolution.errors) runtime.log.log('warn', [scopeWarning(contexts, error)], false);
    throw new CliError(failure);
  }
  // Some scopes answered: the failed ones are warnings beside whatever comes next.
  for (const error of resolution.errors) runtime.log.warn(scopeWarning(contexts, error));
  let candidates = resolution.candidates;
  if (candidates.length === 0) {
    if (text === undefined) throw new CliError('no instances managed by SSM were found');
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

/**
 * The one error line when listing failed in every profile×region (so nothing at all was listed), or
 * undefined when at least one answered. The same error everywhere is said once; different errors are
 * joined, each after its scope.
 */
export function listingFailure(
  contexts: readonly Pick<AwsContext, 'region' | 'profile'>[],
  errors: readonly ListError[],
): string | undefined {
  if (errors.length === 0 || errors.length < contexts.length) return undefined;
  const messages = new Set(errors.map(listErrorText));
  if (messages.size === 1) {
    const scopes = errors.map((error) => scopeName(contexts, error)).join(', ');
    return `cannot list instances in ${scopes}: ${[...messages][0] ?? ''}`;
  }
  return `cannot list instances: ${errors.map((error) => scopeWarning(contexts, error)).join('; ')}`;
}

/** `region: message`; `region (profile P)` as `ls` says it when several profiles were listed. */
function scopeWarning(contexts: readonly Pick<AwsContext, 'region' | 'profile'>[], error: ListError): string {
  return `${scopeName(contexts, error)}: ${listErrorText(error)}`;
}

/** A listing's error in the CLI's words (its code completed as aws-words.ts says). */
export function listErrorText(error: ListError): string {
  return awsErrorText(error.code, error.message, error.profile);
}

function scopeName(contexts: readonly Pick<AwsContext, 'region' | 'profile'>[], error: ListError): string {
  const profiles = new Set(contexts.map((context) => context.profile));
  return profiles.size > 1 && error.profile ? `${error.region} (profile ${error.profile})` : error.region;
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
