/**
 * The agent's versionutil.Compare: numeric, part by part, missing parts count as 0. It is deliberately
 * more lenient than the client's strict 4-part comparison (spec §7.3), and the two must not be shared.
 */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
