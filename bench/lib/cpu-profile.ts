import { Session } from 'node:inspector/promises';

/** Shares of sampled time, 0..1, by who was running. */
export interface CpuShares {
  /** A frame of the client engine (src-main outside the emulator) is on the stack. */
  client: number;
  /** A frame of src-main/emulator is on the stack (relay, simulated agent). */
  emulator: number;
  /** Benchmark code (destination server, local test client). */
  bench: number;
  /** No src-main frame: Node internals, ws parsing, GC, program. */
  unattributed: number;
  idle: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Runs `work` under the V8 sampling profiler of this process and attributes every sample to the client
 * or the emulator by the nearest src-main frame on its stack.
 */
export async function profileShares<T>(work: () => Promise<T>): Promise<{ value: T; shares: CpuShares }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const value = await work();
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    return { value, shares: attribute(profile) };
  } finally {
    session.disconnect();
  }
}

function attribute(profile: Profile): CpuShares {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const sideCache = new Map<number, keyof CpuShares>();
  const sideOf = (id: number): keyof CpuShares => {
    const cached = sideCache.get(id);
    if (cached) return cached;
    let side: keyof CpuShares | undefined;
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const url = byId.get(current)?.callFrame.url ?? '';
      if (url.includes('/src-main/emulator/')) side = 'emulator';
      else if (url.includes('/bench/')) side = 'bench';
      else if (url.includes('/src-main/')) side = 'client';
      if (side) break;
    }
    side ??= byId.get(id)?.callFrame.functionName === '(idle)' ? 'idle' : 'unattributed';
    sideCache.set(id, side);
    return side;
  };
  const totals: CpuShares = { client: 0, emulator: 0, bench: 0, unattributed: 0, idle: 0 };
  let total = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const delta = Math.max(0, deltas[i] ?? 0);
    totals[sideOf(samples[i] as number)] += delta;
    total += delta;
  }
  if (total > 0) for (const key of Object.keys(totals) as (keyof CpuShares)[]) totals[key] /= total;
  return totals;
}
