import {
  useCallback,
  useLayoutEffect,
  useRef,
  type CSSProperties,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { useRovingRows } from '../components/use-roving-rows';
import { COLUMNS, GRID_MIN_WIDTH, GRID_TEMPLATE } from './columns';
import type { InstanceActions } from './instance-actions';
import type { InstanceQuery, SortKey } from './instance-query';
import type { InstanceRow } from './instance-row';
import { InstanceRowView } from './InstanceRowView';
import { GridHeader } from './GridHeader';
import { SkeletonRows } from './SkeletonRows';

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;
const rowKey = (row: InstanceRow): string => row.key;

export interface InstanceGridProps {
  rows: readonly InstanceRow[];
  favourites: ReadonlySet<string>;
  query: InstanceQuery;
  onSort: (key: SortKey) => void;
  actions: InstanceActions;
  loading: boolean;
  /** Shown under the header when there are no rows (and not loading). */
  empty?: ReactNode;
  /** Rows ticked for a fleet command (keys). */
  selected: ReadonlySet<string>;
  onSelectedChange: (next: ReadonlySet<string>) => void;
}

/**
 * The instance list as an ARIA grid. Rows are virtualized (fixed height, so nothing jumps while
 * scrolling 20,000 of them); one row at a time is in the Tab order and the arrow keys move it.
 * Rows are ticked for fleet commands: Space on a row, Shift with the arrows or a click for a range,
 * Ctrl (Cmd) and a click for one more, Ctrl+A for every row shown, Escape to untick all.
 */
export function InstanceGrid({
  rows,
  favourites,
  query,
  onSort,
  actions,
  loading,
  empty,
  selected,
  onSelectedChange,
}: InstanceGridProps): ReactElement {
  const { scroller, virtualizer, activeIndex, activeKey, setActiveKey, moveTo, indexForKey } = useRovingRows({
    rows,
    getKey: rowKey,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
  });
  // Where a Shift range starts: the row ticked or unticked last.
  const anchor = useRef<string | undefined>(undefined);
  // The row handlers stay the same function (rows are memoized); they read the latest state here.
  const latest = useRef({ rows, selected, onSelectedChange });
  useLayoutEffect(() => {
    latest.current = { rows, selected, onSelectedChange };
  });

  const selectRow = useCallback((key: string, mode: 'toggle' | 'range') => {
    const { rows: list, selected: current, onSelectedChange: change } = latest.current;
    const next = new Set(current);
    const from = anchor.current === undefined ? -1 : list.findIndex((r) => r.key === anchor.current);
    const to = list.findIndex((r) => r.key === key);
    if (mode === 'range' && from >= 0 && to >= 0) {
      // The range takes the anchor's state (ticked, as usual, or unticked).
      const tick = current.has(anchor.current ?? '');
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const row = list[i];
        if (!row) continue;
        if (tick) next.add(row.key);
        else next.delete(row.key);
      }
    } else {
      if (next.has(key)) next.delete(key);
      else next.add(key);
      anchor.current = key;
    }
    change(next);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const onRow = target?.getAttribute('role') === 'row';
    const headerButtons = [
      ...(scroller.current?.querySelectorAll<HTMLElement>('.select-all, .sort-button') ?? []),
    ];
    if (target && headerButtons.includes(target)) {
      const at = headerButtons.indexOf(target);
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        headerButtons[
          Math.max(0, Math.min(headerButtons.length - 1, at + (event.key === 'ArrowLeft' ? -1 : 1)))
        ]?.focus();
      } else if (event.key === 'ArrowDown') moveTo(0);
      else return;
      event.preventDefault();
      return;
    }
    if (onRow && event.key === 'ArrowUp' && activeIndex === 0) {
      event.preventDefault();
      scroller.current?.scrollTo({ top: 0 });
      (headerButtons.find((b) => b.dataset.sort === query.sort) ?? headerButtons[0])?.focus();
      return;
    }
    if (onRow && event.key === ' ' && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      const row = rows[activeIndex];
      if (row) selectRow(row.key, event.shiftKey ? 'range' : 'toggle');
      return;
    }
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
      // Every row the search and filters show (not the hidden ones).
      event.preventDefault();
      onSelectedChange(new Set([...selected, ...rows.map((r) => r.key)]));
      return;
    }
    if (event.key === 'Escape' && selected.size > 0) {
      event.preventDefault();
      onSelectedChange(new Set());
      return;
    }
    if (onRow && event.shiftKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      // Shift and an arrow: the range from where it started (the row last ticked) grows by one row.
      event.preventDefault();
      const current = rows[activeIndex];
      const target = Math.min(
        rows.length - 1,
        Math.max(0, activeIndex + (event.key === 'ArrowDown' ? 1 : -1)),
      );
      if (!current) return;
      let from = anchor.current === undefined ? -1 : rows.findIndex((r) => r.key === anchor.current);
      if (from < 0 || !selected.has(anchor.current ?? '')) {
        anchor.current = current.key;
        from = activeIndex;
      }
      const next = new Set(selected);
      for (let i = Math.min(from, target); i <= Math.max(from, target); i++) {
        const row = rows[i];
        if (row) next.add(row.key);
      }
      onSelectedChange(next);
      moveTo(target);
      return;
    }
    if (event.key === 'Enter' && onRow) {
      const row = rows[activeIndex];
      if (row?.connectable) actions.openShell(row);
      event.preventDefault();
      return;
    }
    const next = indexForKey(event.key, onRow || event.ctrlKey);
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  const items = virtualizer.getVirtualItems();
  const shownSelected = selected.size === 0 ? 0 : rows.filter((r) => selected.has(r.key)).length;
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label="Instances"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={loading || undefined}
      aria-multiselectable="true"
      className="grid"
      style={{ '--grid-template': GRID_TEMPLATE, '--grid-min-width': `${GRID_MIN_WIDTH}px` } as CSSProperties}
      onKeyDown={onKeyDown}
    >
      <GridHeader
        query={query}
        onSort={onSort}
        selection={shownSelected === 0 ? 'none' : shownSelected === rows.length ? 'all' : 'some'}
        onSelectAll={(select) => {
          const next = new Set(selected);
          for (const row of rows) {
            if (select) next.add(row.key);
            else next.delete(row.key);
          }
          onSelectedChange(next);
        }}
      />
      <div
        role="rowgroup"
        className="grid-body"
        style={{ height: rows.length > 0 ? virtualizer.getTotalSize() : undefined }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <InstanceRowView
              key={row.key}
              row={row}
              index={item.index}
              favourite={favourites.has(row.key)}
              active={row.key === activeKey}
              selected={selected.has(row.key)}
              onSelect={selectRow}
              actions={actions}
              onActivate={setActiveKey}
              top={item.start - HEADER_HEIGHT}
            />
          );
        })}
        {rows.length === 0 && (loading ? <SkeletonRows /> : empty)}
      </div>
    </div>
  );
}
