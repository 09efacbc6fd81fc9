import type { FleetItem, FleetItemState, FleetRun } from '../../../src-shared/model/fleet';

export const ITEM_LOOK: Record<FleetItemState, { text: string; tone: string; busy: boolean }> = {
  queued: { text: 'Queued', tone: 'neutral', busy: false },
  running: { text: 'Running', tone: 'accent', busy: true },
  succeeded: { text: 'Succeeded', tone: 'success', busy: false },
  failed: { text: 'Failed', tone: 'danger', busy: false },
  cancelled: { text: 'Cancelled', tone: 'neutral', busy: false },
};

export function itemName(item: FleetItem): string {
  return item.name ?? item.target.instanceId;
}

export interface RunCounts {
  total: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export function countItems(run: FleetRun): RunCounts {
  const counts: RunCounts = {
    total: run.items.length,
    queued: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const item of run.items) counts[item.state]++;
  return counts;
}

/** "12 instances: 8 succeeded, 4 failed" (what is still going first). */
export function summarise(run: FleetRun): string {
  const c = countItems(run);
  const parts = [
    c.running > 0 && `${c.running} running`,
    c.queued > 0 && `${c.queued} queued`,
    c.succeeded > 0 && `${c.succeeded} succeeded`,
    c.failed > 0 && `${c.failed} failed`,
    c.cancelled > 0 && `${c.cancelled} cancelled`,
  ].filter(Boolean);
  return `${c.total} ${c.total === 1 ? 'instance' : 'instances'}: ${parts.join(', ') || 'nothing yet'}`;
}
