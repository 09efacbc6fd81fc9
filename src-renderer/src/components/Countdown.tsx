import type { ReactElement } from 'react';
import { formatClock } from '../app/format';
import { useNow } from '../state/clock';

/** m:ss left until `until` (epoch ms), counting down each second. */
export function Countdown({ until }: { until: number }): ReactElement {
  const now = useNow();
  return <>{formatClock(Math.max(0, (until - now) / 1000))}</>;
}
