/**
 * CPU time of process trees from /proc (Linux), to say where a benchmark's CPU went: the app's core,
 * the emulator with its shells, Chromium. Elsewhere (no /proc) every figure is NaN.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
  cpuSeconds: number;
}

function readAll(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return entries;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm is in parentheses and may contain spaces: fields start after the last ')'.
      const close = text.lastIndexOf(')');
      const comm = text.slice(text.indexOf('(') + 1, close);
      const fields = text.slice(close + 2).split(' ');
      entries.push({
        pid: Number(name),
        ppid: Number(fields[1]),
        comm,
        cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return entries;
}

/** The pids of `root` and all its descendants. */
function tree(entries: ProcEntry[], root: number): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  for (const entry of entries) {
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const result: ProcEntry[] = [];
  const stack = entries.filter((e) => e.pid === root);
  while (stack.length > 0) {
    const entry = stack.pop() as ProcEntry;
    result.push(entry);
    stack.push(...(children.get(entry.pid) ?? []));
  }
  return result;
}

function cpuOf(entries: ProcEntry[]): number {
  return entries.reduce<number>((sum, entry) => sum + entry.cpuSeconds, 0);
}

/** CPU seconds (user + system) used so far by each named process tree (exited children not counted). */
export function cpuOfTrees<K extends string>(roots: Record<K, number>): Record<K, number> {
  const entries = readAll();
  const result = {} as Record<K, number>;
  for (const label of Object.keys(roots) as K[]) {
    result[label] = entries.length === 0 ? Number.NaN : cpuOf(tree(entries, roots[label]));
  }
  return result;
}

/** The Chromium processes started by this process (its direct children named chromium). */
export function chromiumRoots(): number[] {
  return readAll()
    .filter((e) => e.ppid === process.pid && /chrom/i.test(e.comm))
    .map((e) => e.pid);
}

/** CPU seconds of every Chromium process started by this process, with their descendants. */
export function chromiumCpuSeconds(): number {
  const entries = readAll();
  return chromiumRoots().reduce<number>((sum, root) => sum + cpuOf(tree(entries, root)), 0);
}

/** The machine's 1-minute load average, for the record (other work on a shared machine shows here). */
export function loadText(): string {
  const [one, five] = loadavg();
  return `${(one ?? 0).toFixed(2)} (1 min), ${(five ?? 0).toFixed(2)} (5 min)`;
}
