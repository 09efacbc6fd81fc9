/**
 * The client's version test (`isAgentVersionGreaterThanSupportedVersion`, spec §7.3): split on ".",
 * compare numerically, and answer false whenever the two have a different number of parts, a part is
 * not numeric, or either is empty. Only a strictly greater version counts.
 */
export function isVersionGreaterThan(version: string, threshold: string): boolean {
  const a = numericParts(version);
  const b = numericParts(threshold);
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x > y;
  }
  return false;
}

function numericParts(version: string): number[] | undefined {
  if (version === '') return undefined;
  const parts = version.split('.');
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

/** Agent versions at which the client changes behaviour (spec §7.3). */
export const AgentVersionThreshold = {
  /** LocalPortForwarding above this uses smux multiplexing; otherwise basic mode. */
  tcpMultiplexing: '3.0.196.0',
  /** Above this, Ctrl-C in basic port mode sends Flag TerminateSession instead of calling the API. */
  terminateSessionFlag: '2.3.722.0',
  /** Above this, the client's smux keepalive is disabled (the agent disables its own by our version). */
  disableSmuxKeepAlive: '3.1.1511.0',
} as const;
