/** How one instance of a fleet command ended. */
export type FleetOutcome =
  | { label: string; kind: 'exited'; exitCode: number }
  /** No exit code: the session could not start or broke (the line says why). */
  | { label: string; kind: 'failed'; error: string }
  /** Never started, or interrupted by Ctrl-C. */
  | { label: string; kind: 'cancelled' };

/**
 * The summary line of a fleet command, e.g. `12 instances: 9 succeeded, 3 failed (exit 1: web-3,
 * web-7; exit 2: web-9)`: failures grouped by exit code, sessions that failed as `no session: …`,
 * instances in the order given.
 */
export function fleetSummary(outcomes: readonly FleetOutcome[]): string {
  const succeeded = outcomes.filter((o) => o.kind === 'exited' && o.exitCode === 0).length;
  const byCode = new Map<number, string[]>();
  const noSession: string[] = [];
  let cancelled = 0;
  for (const outcome of outcomes) {
    if (outcome.kind === 'cancelled') cancelled++;
    else if (outcome.kind === 'failed') noSession.push(outcome.label);
    else if (outcome.exitCode !== 0)
      byCode.set(outcome.exitCode, [...(byCode.get(outcome.exitCode) ?? []), outcome.label]);
  }
  const groups = [...byCode.entries()]
    .sort(([a], [b]) => a - b)
    .map(([code, labels]) => `exit ${code}: ${labels.join(', ')}`);
  if (noSession.length > 0) groups.push(`no session: ${noSession.join(', ')}`);
  const failed = outcomes.length - succeeded - cancelled;
  const parts = [`${succeeded} succeeded`];
  if (failed > 0) parts.push(`${failed} failed (${groups.join('; ')})`);
  if (cancelled > 0) parts.push(`${cancelled} cancelled`);
  return `${outcomes.length} instance${outcomes.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
