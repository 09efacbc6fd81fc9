import type { ReactElement } from 'react';
import type { PingKind } from './instance-row';

const PING: Record<PingKind, { text: string; tone: string }> = {
  Online: { text: 'Online', tone: 'success' },
  ConnectionLost: { text: 'Connection lost', tone: 'warning' },
  Inactive: { text: 'Inactive', tone: 'neutral' },
  Unmanaged: { text: 'Not managed', tone: 'neutral' },
};

export function PingPill({ ping }: { ping: PingKind }): ReactElement {
  const { text, tone } = PING[ping];
  return (
    <span className={`pill pill-${tone}`}>
      <span className="dot" />
      {text}
    </span>
  );
}

const STATE_TONE: Record<string, string> = {
  running: 'success',
  pending: 'warning',
  stopping: 'warning',
  'shutting-down': 'warning',
  stopped: 'neutral',
  terminated: 'danger',
};

/** EC2's instance state; on-prem (mi-…) instances have none. */
export function InstanceState({ state }: { state: string | undefined }): ReactElement {
  if (!state) return <span className="muted">—</span>;
  return (
    <span className={`state state-${STATE_TONE[state] ?? 'neutral'}`}>
      <span className="dot" />
      {state}
    </span>
  );
}
