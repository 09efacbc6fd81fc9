import { Fragment, type ReactElement } from 'react';
import type { TunnelStatus } from '../../../src-shared/model/tunnel';
import { Spinner } from '../components/Spinner';
import { failureText, STATE_LOOK } from './tunnel-words';

/** Trail entries shown in the row; the tooltip holds the whole history with times and details. */
const TRAIL_SHOWN = 6;

/**
 * The tunnel's state as a pill (with the detail beside it) and, under it, the states it went
 * through since it started ("starting → forwarding → resuming → forwarding"), or why it failed.
 */
export function TunnelStateCell({ status }: { status: TunnelStatus }): ReactElement {
  const look = STATE_LOOK[status.state];
  const failure = status.state === 'failed' ? failureText(status) : undefined;
  const trail = status.history.slice(-TRAIL_SHOWN);
  const skipped = status.history.length - trail.length;
  const tooltip = [
    ...status.history.map(
      (h) =>
        `${new Date(h.at).toLocaleTimeString()} ${STATE_LOOK[h.state].text}${h.detail ? `: ${h.detail}` : ''}`,
    ),
    status.sessionId ? `Session ${status.sessionId}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <div role="gridcell" className="vt-cell vt-cell-stack" title={tooltip || undefined}>
      <span className="tunnel-state-line">
        <span className={`pill pill-${look.tone}`}>
          {look.busy ? <Spinner size={10} /> : <span className="dot" />}
          {look.text}
        </span>
        {status.detail && status.state !== 'failed' && status.state !== 'forwarding' && (
          <span className="tunnel-detail truncate">{status.detail}</span>
        )}
      </span>
      {failure ? (
        <span className="trail trail-failed truncate">{failure}</span>
      ) : (
        <span className="trail">
          {trail.length > 0 && <span className="visually-hidden">Went through: </span>}
          {skipped > 0 && <span className="trail-arrow">… →</span>}
          {trail.map((entry, index) => (
            <Fragment key={`${entry.at}-${index}`}>
              {index > 0 && <span className="trail-arrow">→</span>}
              <span className={`trail-${entry.state}`}>{STATE_LOOK[entry.state].text.toLowerCase()}</span>
            </Fragment>
          ))}
        </span>
      )}
    </div>
  );
}
