import { once } from 'node:events';
import type { AwsContext } from '../aws/aws-context.js';
import type { InstanceRecord } from '../client/instance-record.js';
import { remoteCommandLine } from '../client/remote-command-line.js';
import { CliError, errorLine } from './cli-errors.js';
import type { CommandRuntime } from './command-runtime.js';
import { fleetSummary, type FleetOutcome } from './fleet-summary.js';
import { LinePrefixer } from './line-prefixer.js';
import { startSpinner } from './spinner.js';
import { listingFailure, listErrorText } from './target-choice.js';

export const DEFAULT_FLEET_CONCURRENCY = 10;

/**
 * `exec --targets …`: one command on every managed, online instance the terms select
 * (client/fleet-targets.ts) across the profile×region contexts, at most `concurrency` at once. Each
 * instance's stdout and stderr lines go to ours with its label in front (`web-1 | …`); a summary line
 * on stderr ends the run. Exit status: 0 when every instance exited 0, 1 when any failed (a non-zero
 * exit or a session that could not run), 130 when Ctrl-C cancelled the run.
 */
export async function runFleetExec(
  runtime: CommandRuntime,
  contexts: AwsContext[],
  terms: readonly string[],
  commandWords: readonly string[],
  concurrency: number,
): Promise<number> {
  const { io } = runtime;
  const { listInstances } = await import('../client/list-instances.js');
  const { selectFleetTargets } = await import('../client/fleet-targets.js');
  const { runCommand } = await import('../client/run-command.js');
  const spinner = startSpinner(io.stderr, 'finding instances…');
  let listing;
  try {
    listing = await listInstances(contexts, { cacheTtlMs: 0 });
  } finally {
    spinner.stop();
  }
  const failure = listingFailure(contexts, listing.errors);
  if (failure !== undefined) throw new CliError(failure);
  for (const error of listing.errors) runtime.log.warn(`${error.region}: ${listErrorText(error)}`);
  const { targets, skipped } = selectFleetTargets(terms, listing.instances);
  const wanted = terms.join(',');
  if (skipped.length > 0) {
    runtime.notice(
      `skipping ${skipped.length} matching instance${skipped.length === 1 ? '' : 's'} that cannot take a session now: ${skipped
        .map(
          (i) =>
            `${i.name ?? i.instanceId} (${i.managed ? (i.pingStatus ?? 'unknown') : 'not managed by SSM'})`,
        )
        .join(', ')}`,
    );
  }
  if (targets.length === 0)
    throw new CliError(`no online instance managed by SSM matches ${JSON.stringify(wanted)}`);

  const labels = fleetLabels(targets);
  const width = Math.max(...labels.map((label) => label.length));
  const outcomes: FleetOutcome[] = targets.map((_, index) => ({
    label: labels[index] as string,
    kind: 'cancelled',
  }));
  const cancel = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) cancel.abort();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  runtime.log.info(
    `exec on ${targets.length} instances (${wanted}), ${concurrency} at a time: ${commandWords.join(' ')}`,
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length && !cancel.signal.aborted) {
      const index = next++;
      const instance = targets[index] as InstanceRecord;
      const label = labels[index] as string;
      const prefix = `${label.padEnd(width)} | `;
      const stdout = new LinePrefixer(io.stdout, prefix);
      const stderr = new LinePrefixer(io.stderr, prefix);
      try {
        const result = await runCommand(contextFor(contexts, instance), {
          target: instance.instanceId,
          command: remoteCommandLine(commandWords, instance.platformType === 'Windows'),
          stdout,
          stderr,
          signal: cancel.signal,
          onSessionStarted: (id) => runtime.log.info(`exec: session ${id} on ${instance.instanceId}`),
          onDiagnostic: (text) => runtime.log.debug(text),
        });
        outcomes[index] = cancel.signal.aborted
          ? { label, kind: 'cancelled' }
          : { label, kind: 'exited', exitCode: result.exitCode ?? 0 };
      } catch (error) {
        if (!cancel.signal.aborted) {
          outcomes[index] = { label, kind: 'failed', error: errorLine(error) };
          stderr.write(`ssm-desk: ${errorLine(error)}\n`);
        }
      } finally {
        stdout.end();
        stderr.end();
        await Promise.all([once(stdout, 'finish'), once(stderr, 'finish')]);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  const summary = fleetSummary(outcomes);
  runtime.log.info(`exec: ${summary}`);
  io.stderr.write(`${summary}\n`);
  if (cancel.signal.aborted) return 130;
  return outcomes.every((o) => o.kind === 'exited' && o.exitCode === 0) ? 0 : 1;
}

/** Each instance's label: its Name, or its id; a Name shared by several becomes `name/id`. */
export function fleetLabels(instances: readonly InstanceRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const instance of instances) {
    if (instance.name) counts.set(instance.name, (counts.get(instance.name) ?? 0) + 1);
  }
  return instances.map((instance) =>
    !instance.name
      ? instance.instanceId
      : counts.get(instance.name) === 1
        ? instance.name
        : `${instance.name}/${instance.instanceId}`,
  );
}

function contextFor(contexts: readonly AwsContext[], instance: InstanceRecord): AwsContext {
  return (
    contexts.find((c) => c.region === instance.region && c.profile === instance.profile) ??
    (contexts[0] as AwsContext)
  );
}
