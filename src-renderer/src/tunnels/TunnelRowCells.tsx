import type { ReactElement } from 'react';
import type { TunnelSpec } from '../../../src-shared/model/tunnel';
import { formatBytes } from '../app/format';
import { useStore } from '../state/store';
import type { TunnelActions } from './tunnel-actions';
import { describeDestination, isRunning, localAddress } from './tunnel-words';
import { TunnelRowActions } from './TunnelRowActions';
import { TunnelStateCell } from './TunnelStateCell';
import { TunnelUptime } from './TunnelUptime';
import type { TunnelsModel } from './tunnels-model';

export interface TunnelRowCellsProps {
  spec: TunnelSpec;
  tunnels: TunnelsModel;
  actions: TunnelActions;
  tabIndex: number;
}

/**
 * One tunnel's cells. The row subscribes to its own status, so live counters re-render this row
 * and nothing else.
 */
export function TunnelRowCells({ spec, tunnels, actions, tabIndex }: TunnelRowCellsProps): ReactElement {
  const status = useStore(tunnels.statusStore(spec.id));
  const running = isRunning(status.state);
  const { stats } = status;
  return (
    <>
      <div
        role="gridcell"
        className="vt-cell vt-cell-stack"
        title={`${spec.name}\n${spec.profile} · ${spec.region}`}
      >
        <span className="vt-strong truncate">
          {spec.name}
          {spec.autoStart && (
            <span className="tunnel-auto" title="Starts with the app">
              auto
            </span>
          )}
        </span>
        <span className="vt-sub truncate">{describeDestination(spec)}</span>
      </div>
      <TunnelStateCell status={status} />
      <div role="gridcell" className="vt-cell vt-cell-stack">
        <span className="mono truncate">{localAddress(spec, status)}</span>
        <span className="vt-sub truncate">{spec.kind === 'socks' ? 'SOCKS5' : spec.region}</span>
      </div>
      <div role="gridcell" className="vt-cell vt-cell-stack vt-cell-num">
        <span>{stats.connectionsOpen} open</span>
        <span className="vt-sub">{stats.connectionsTotal} total</span>
      </div>
      <div role="gridcell" className="vt-cell vt-cell-stack vt-cell-num">
        <span>In {formatBytes(stats.bytesIn)}</span>
        <span className="vt-sub">Out {formatBytes(stats.bytesOut)}</span>
      </div>
      <div role="gridcell" className="vt-cell">
        {running && status.startedAt !== undefined ? (
          <TunnelUptime startedAt={status.startedAt} />
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="gridcell" className="vt-cell vt-cell-end">
        <TunnelRowActions spec={spec} status={status} actions={actions} tabIndex={tabIndex} />
      </div>
    </>
  );
}
