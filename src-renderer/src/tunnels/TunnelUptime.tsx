import type { ReactElement } from 'react';
import { formatDuration } from '../app/format';
import { useNow } from '../state/clock';

/** How long a running tunnel has been up, counting each second (only this cell re-renders). */
export function TunnelUptime({ startedAt }: { startedAt: number }): ReactElement {
  const now = useNow();
  return <span className="vt-cell-num">{formatDuration(Math.max(0, now - startedAt))}</span>;
}
