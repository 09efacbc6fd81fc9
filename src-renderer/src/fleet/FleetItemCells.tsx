import type { ReactElement } from 'react';
import type { FleetItem } from '../../../src-shared/model/fleet';
import { wordsForCode } from '../app/error-words';
import { formatBytes, formatDuration } from '../app/format';
import { Button } from '../components/Button';
import { Spinner } from '../components/Spinner';
import { ITEM_LOOK, itemName } from './fleet-words';

export interface FleetItemCellsProps {
  item: FleetItem;
  tabIndex: number;
  onShowOutput: (item: FleetItem) => void;
}

/** One instance of a fleet run: its state, exit code, duration and how much output it left. */
export function FleetItemCells({ item, tabIndex, onShowOutput }: FleetItemCellsProps): ReactElement {
  const look = ITEM_LOOK[item.state];
  const error = item.error ? (wordsForCode(item.error.code) ?? item.error.message) : undefined;
  return (
    <>
      <div role="gridcell" className="vt-cell vt-cell-stack">
        <span className="vt-strong truncate">{itemName(item)}</span>
        <span className="vt-sub mono truncate">
          {item.name ? `${item.target.instanceId} · ` : ''}
          {item.target.region}
        </span>
      </div>
      <div role="gridcell" className="vt-cell vt-cell-stack" title={item.error?.message}>
        <span className={`pill pill-${look.tone}`}>
          {look.busy ? <Spinner size={10} /> : <span className="dot" />}
          {look.text}
        </span>
        {error && item.exitCode === undefined && <span className="vt-sub fleet-error truncate">{error}</span>}
      </div>
      <div
        role="gridcell"
        className="vt-cell vt-cell-num"
        aria-label={item.exitCode === undefined ? 'no exit code' : undefined}
      >
        {item.exitCode === undefined ? (
          <span className="muted" aria-hidden="true">
            —
          </span>
        ) : (
          <span className={item.exitCode === 0 ? 'exit-ok' : 'exit-bad'}>{item.exitCode}</span>
        )}
      </div>
      <div role="gridcell" className="vt-cell vt-cell-num">
        {item.durationMs === undefined ? <span className="muted">—</span> : formatDuration(item.durationMs)}
      </div>
      <div role="gridcell" className="vt-cell vt-cell-num">
        {formatBytes(item.outputBytes)}
      </div>
      <div role="gridcell" className="vt-cell vt-cell-end">
        <Button className="btn-small" icon="terminal" tabIndex={tabIndex} onClick={() => onShowOutput(item)}>
          Output
        </Button>
      </div>
    </>
  );
}
