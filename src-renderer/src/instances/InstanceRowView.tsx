import { memo, type ReactElement } from 'react';
import { IconButton } from '../components/IconButton';
import type { InstanceActions } from './instance-actions';
import type { InstanceRow } from './instance-row';
import { InstanceState, PingPill } from './InstanceStatus';
import { RowActions } from './RowActions';

export interface InstanceRowViewProps {
  row: InstanceRow;
  index: number;
  favourite: boolean;
  active: boolean;
  /** Ticked for a fleet command. */
  selected: boolean;
  /** Ticks or unticks the row ('range': from the last ticked row to this one, Shift). */
  onSelect: (key: string, mode: 'toggle' | 'range') => void;
  actions: InstanceActions;
  /** Where the row sits in the list (px): a number, so unchanged rows skip rendering while scrolling. */
  top: number;
  onActivate: (key: string) => void;
}

/** One virtualized row of the grid: named by the instance's Name tag (or id) for tests and readers. */
export const InstanceRowView = memo(function InstanceRowView({
  row,
  index,
  favourite,
  active,
  selected,
  onSelect,
  actions,
  top,
  onActivate,
}: InstanceRowViewProps): ReactElement {
  const { record } = row;
  const tabIndex = active ? 0 : -1;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={row.displayName}
      aria-selected={selected}
      data-key={row.key}
      tabIndex={tabIndex}
      className={['grid-row grid-body-row', active && 'grid-row-active', selected && 'grid-row-selected']
        .filter(Boolean)
        .join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      onFocus={() => {
        if (!active) onActivate(row.key);
      }}
      onPointerDown={() => onActivate(row.key)}
      onMouseDown={(event) => {
        // Shift and a click selects rows, not the text between them.
        if (event.shiftKey) event.preventDefault();
      }}
      onClick={(event) => {
        // Ctrl (Cmd) and a click ticks a row; Shift and a click ticks the rows from the last one ticked.
        if (event.target instanceof Element && event.target.closest('button, input')) return;
        if (event.shiftKey) onSelect(row.key, 'range');
        else if (event.ctrlKey || event.metaKey) onSelect(row.key, 'toggle');
      }}
      onDoubleClick={(event) => {
        if (!(event.target instanceof Element && event.target.closest('button')) && row.connectable) {
          actions.openShell(row);
        }
      }}
    >
      <div role="gridcell" className="cell cell-select">
        <input
          type="checkbox"
          aria-label={`Select ${row.displayName}`}
          checked={selected}
          tabIndex={tabIndex}
          onChange={() => undefined}
          onClick={(event) => onSelect(row.key, event.shiftKey ? 'range' : 'toggle')}
        />
      </div>
      <div role="gridcell" className="cell cell-favourite">
        <IconButton
          icon="star"
          label="Favourite"
          filled={favourite}
          aria-pressed={favourite}
          tabIndex={tabIndex}
          className={favourite ? 'favourite-on' : 'favourite-off'}
          onClick={() => actions.toggleFavourite(row)}
        />
      </div>
      <div role="gridcell" className="cell cell-name" title={row.displayName}>
        <span className={record.name ? 'truncate' : 'truncate muted'}>{row.displayName}</span>
      </div>
      <div role="gridcell" className="cell mono">
        {record.instanceId}
      </div>
      <div role="gridcell" className="cell">
        <InstanceState state={record.state} />
      </div>
      <div role="gridcell" className="cell">
        <PingPill ping={row.ping} />
      </div>
      <div role="gridcell" className="cell" title={row.platform}>
        <span className="truncate">{row.platform || '—'}</span>
      </div>
      <div role="gridcell" className="cell">
        <span className="truncate">{record.agentVersion ?? '—'}</span>
      </div>
      <div role="gridcell" className="cell mono">
        {record.privateIpAddress ?? '—'}
      </div>
      <div role="gridcell" className="cell cell-scope" title={`${row.target.region} · ${row.profileLabel}`}>
        <span className="truncate">{row.target.region}</span>
        <span className="truncate muted">{row.profileLabel}</span>
      </div>
      <div role="gridcell" className="cell cell-tags" title={row.tags.join('\n')}>
        {row.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </div>
      <div role="gridcell" className="cell cell-actions">
        <RowActions row={row} favourite={favourite} actions={actions} tabIndex={tabIndex} />
      </div>
    </div>
  );
});
