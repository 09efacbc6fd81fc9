import type { HistoryEntry } from '../../../src-shared/model/history';
import { describeEnd } from '../terminals/end-reason';

export const KIND_WORDS: Record<HistoryEntry['kind'], string> = {
  shell: 'Shell',
  tunnel: 'Tunnel',
  command: 'Command',
};

/** How the session ended, in a few words, and whether that was a failure. */
export function describeOutcome(entry: HistoryEntry): {
  text: string;
  tone: 'neutral' | 'success' | 'danger' | 'accent';
} {
  const { end } = entry;
  if (!end) {
    if (entry.endedAt !== undefined)
      return { text: entry.kind === 'tunnel' ? 'Stopped' : 'Ended', tone: 'neutral' };
    return { text: entry.kind === 'tunnel' ? 'Forwarding' : 'Running', tone: 'accent' };
  }
  if (entry.kind === 'command') {
    const exit = /^exit-(\d+)$/.exec(end.code);
    if (end.kind !== 'failed') return { text: 'Exit code 0', tone: 'success' };
    if (exit) return { text: `Exit code ${exit[1]}`, tone: 'danger' };
  }
  const reason = describeEnd(end);
  return { text: reason.title, tone: reason.failed ? 'danger' : 'neutral' };
}

/** The row's name: the instance, then what ran on it. */
export function entryName(entry: HistoryEntry): string {
  return entry.name ?? entry.target.instanceId;
}
