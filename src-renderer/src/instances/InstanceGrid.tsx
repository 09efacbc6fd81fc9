import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { COLUMNS, GRID_MIN_WIDTH, GRID_TEMPLATE } from './columns';
import type { InstanceActions } from './instance-actions';
import type { InstanceQuery, SortKey } from './instance-query';
import type { InstanceRow } from './instance-row';
import { InstanceRowView } from './InstanceRowView';
import { GridHeader } from './GridHeader';
import { SkeletonRows } from './SkeletonRows';

const ROW_HEIGHT = 36;
const HEADER_HEIGHT = 34;
const rowHeight = (): number => ROW_HEIGHT;

export interface InstanceGridProps {
  rows: readonly InstanceRow[];
  favourites: ReadonlySet<string>;
  query: InstanceQuery;
  onSort: (key: SortKey) => void;
  actions: InstanceActions;
  loading: boolean;
  /** Shown under the header when there are no rows (and not loading). */
  empty?: ReactNode;
}

/**
 * The instance list as an ARIA grid. Rows are virtualized (fixed height, so nothing jumps while
 * scrolling 20,000 of them); one row at a time is in the Tab order and the arrow keys move it.
 */
export function InstanceGrid({
  rows,
  favourites,
  query,
  onSort,
  actions,
  loading,
  empty,
}: InstanceGridProps): ReactElement {
  const scroller = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | undefined>(undefined);
  const focusPending = useRef(false);

  // Stable functions: the virtualizer recomputes all 20,000 positions whenever one of them changes.
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const getScrollElement = useCallback(() => scroller.current, []);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize: rowHeight,
    overscan: 6,
    scrollMargin: HEADER_HEIGHT,
    getItemKey,
  });

  const activeIndex = Math.max(0, activeKey === undefined ? 0 : rows.findIndex((r) => r.key === activeKey));
  const effectiveKey = rows[activeIndex]?.key;

  const moveTo = useCallback(
    (index: number) => {
      const clamped = Math.min(rows.length - 1, Math.max(0, index));
      const row = rows[clamped];
      if (!row) return;
      setActiveKey(row.key);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
      // Focus it now if it is rendered, else once it is (after the scroll renders it).
      const element = scroller.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(row.key)}"]`);
      if (element) element.focus({ preventScroll: true });
      else focusPending.current = true;
    },
    [rows, virtualizer],
  );

  // After a keyboard move the row may only now be rendered: focus it once it is.
  useLayoutEffect(() => {
    if (!focusPending.current || effectiveKey === undefined) return;
    const element = scroller.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(effectiveKey)}"]`);
    if (element) {
      focusPending.current = false;
      element.focus({ preventScroll: true });
    }
  });

  useEffect(() => {
    if (activeKey !== undefined && !rows.some((r) => r.key === activeKey)) setActiveKey(undefined);
  }, [rows, activeKey]);

  const pageSize = Math.max(
    1,
    Math.floor(((scroller.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1,
  );
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const onRow = target?.getAttribute('role') === 'row';
    const headerButtons = [...(scroller.current?.querySelectorAll<HTMLElement>('.sort-button') ?? [])];
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
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = activeIndex + 1;
    else if (event.key === 'ArrowUp') next = activeIndex - 1;
    else if (event.key === 'PageDown') next = activeIndex + pageSize;
    else if (event.key === 'PageUp') next = activeIndex - pageSize;
    else if (event.key === 'Home' && (onRow || event.ctrlKey)) next = 0;
    else if (event.key === 'End' && (onRow || event.ctrlKey)) next = rows.length - 1;
    else if (event.key === 'Enter' && onRow) {
      const row = rows[activeIndex];
      if (row?.connectable) actions.openShell(row);
      event.preventDefault();
      return;
    } else return;
    event.preventDefault();
    moveTo(next);
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label="Instances"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={loading || undefined}
      className="grid"
      style={{ '--grid-template': GRID_TEMPLATE, '--grid-min-width': `${GRID_MIN_WIDTH}px` } as CSSProperties}
      onKeyDown={onKeyDown}
    >
      <GridHeader query={query} onSort={onSort} />
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
              active={row.key === effectiveKey}
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
