import { memo, type CSSProperties, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { useRovingRows } from './use-roving-rows';

export interface TableColumn {
  id: string;
  label: string;
  /** A CSS grid track ("120px", "minmax(160px, 1fr)"). */
  width: string;
  /** The label is for screen readers only (an actions column). */
  hideLabel?: boolean;
}

export interface RowState {
  /** The row the arrow keys move from (its controls are in the Tab order). */
  active: boolean;
  /** 0 for the active row's controls, -1 for the others (roving focus). */
  tabIndex: number;
}

export interface VirtualTableProps<T> {
  /** The table's accessible name. */
  label: string;
  columns: readonly TableColumn[];
  rows: readonly T[];
  getKey: (row: T) => string;
  /** Each row's accessible name (tests and screen readers find rows by it). */
  getName: (row: T) => string;
  /** The row's cells (role gridcell each); keep it stable (useCallback) so rows render only on change. */
  renderRow: (row: T, state: RowState) => ReactNode;
  rowHeight?: number;
  /** Enter (or a double click) on a row. */
  onActivate?: (row: T) => void;
  /** Other keys on a row; return true when handled. */
  onRowKey?: (row: T, event: KeyboardEvent<HTMLDivElement>) => boolean;
  /** A row marked selected (aria-selected), e.g. the one whose details show beside the table. */
  selectedKey?: string;
  /** Shown under the header when there are no rows. */
  empty?: ReactNode;
  busy?: boolean;
  className?: string;
}

const HEADER_HEIGHT = 34;

interface RowProps<T> {
  row: T;
  rowKey: string;
  name: string;
  index: number;
  top: number;
  active: boolean;
  selected: boolean | undefined;
  renderRow: (row: T, state: RowState) => ReactNode;
  onFocusRow: (key: string) => void;
  onDoubleClick: ((row: T) => void) | undefined;
}

function RowView<T>({
  row,
  rowKey,
  name,
  index,
  top,
  active,
  selected,
  renderRow,
  onFocusRow,
  onDoubleClick,
}: RowProps<T>): ReactElement {
  const tabIndex = active ? 0 : -1;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={name}
      aria-selected={selected}
      data-key={rowKey}
      tabIndex={tabIndex}
      className={['vt-row', active && 'vt-row-active', selected && 'vt-row-selected']
        .filter(Boolean)
        .join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      onFocus={() => {
        if (!active) onFocusRow(rowKey);
      }}
      onPointerDown={() => onFocusRow(rowKey)}
      onDoubleClick={(event) => {
        if (!(event.target instanceof Element && event.target.closest('button, a, input, select')))
          onDoubleClick?.(row);
      }}
    >
      {renderRow(row, { active, tabIndex })}
    </div>
  );
}

// memo() loses the type parameter; the cast gives it back.
const Row = memo(RowView) as typeof RowView;

/**
 * A table as an ARIA grid with virtualized rows of one fixed height (nothing jumps while scrolling
 * thousands of them). One row is in the Tab order; arrows, Page keys, Home and End move it; Tab goes
 * on to that row's controls. The instance browser's grid works the same way.
 */
export function VirtualTable<T>({
  label,
  columns,
  rows,
  getKey,
  getName,
  renderRow,
  rowHeight = 40,
  onActivate,
  onRowKey,
  selectedKey,
  empty,
  busy,
  className,
}: VirtualTableProps<T>): ReactElement {
  const { scroller, virtualizer, activeIndex, activeKey, setActiveKey, moveTo, indexForKey } = useRovingRows({
    rows,
    getKey,
    rowHeight,
    headerHeight: HEADER_HEIGHT,
  });
  const active = rows[activeIndex];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const onRow = target?.getAttribute('role') === 'row';
    if (!target?.closest('[role="row"]') || target.closest('input, select, textarea')) return;
    if (onRow && active && onRowKey?.(active, event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && onRow && active && onActivate) {
      event.preventDefault();
      onActivate(active);
      return;
    }
    const next = indexForKey(event.key, onRow);
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  const template = columns.map((c) => c.width).join(' ');
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-busy={busy || undefined}
      className={className ? `vt ${className}` : 'vt'}
      style={{ '--vt-template': template, '--vt-row-height': `${rowHeight}px` } as CSSProperties}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="vt-head">
        <div role="row" aria-rowindex={1} className="vt-head-row">
          {columns.map((column) => (
            <div key={column.id} role="columnheader" className="vt-cell vt-head-cell">
              {column.hideLabel ? <span className="visually-hidden">{column.label}</span> : column.label}
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="vt-body"
        style={{ height: rows.length > 0 ? virtualizer.getTotalSize() : undefined }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (row === undefined) return null;
          const key = getKey(row);
          return (
            <Row
              key={key}
              row={row}
              rowKey={key}
              name={getName(row)}
              index={item.index}
              top={item.start - HEADER_HEIGHT}
              active={key === activeKey}
              selected={selectedKey === undefined ? undefined : key === selectedKey}
              renderRow={renderRow}
              onFocusRow={setActiveKey}
              onDoubleClick={onActivate}
            />
          );
        })}
        {rows.length === 0 && empty}
      </div>
    </div>
  );
}
