import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface RovingRowsOptions<T> {
  rows: readonly T[];
  getKey: (row: T) => string;
  /** Every row's height in pixels (fixed: nothing jumps while scrolling). */
  rowHeight: number;
  /** The sticky header's height above the rows, in pixels. */
  headerHeight: number;
}

export interface RovingRows {
  /** The scrolling element: the grid itself. */
  scroller: RefObject<HTMLDivElement | null>;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** The row in the Tab order (the first when none was chosen, or the chosen one is gone). */
  activeIndex: number;
  activeKey: string | undefined;
  /** A row took focus or was pressed: it becomes the one in the Tab order. */
  setActiveKey: (key: string | undefined) => void;
  /** Makes a row active, scrolls it into view and focuses it (once it is rendered). */
  moveTo: (index: number) => void;
  /**
   * Where a navigation key moves the active row (arrows, Page keys; Home and End where `ends`
   * allows), or undefined for any other key.
   */
  indexForKey: (key: string, ends: boolean) => number | undefined;
}

function rowElement(grid: HTMLElement | null, key: string): HTMLElement | null | undefined {
  return grid?.querySelector<HTMLElement>(`[role="row"][data-key="${CSS.escape(key)}"]`);
}

/**
 * The keyboard model of a virtualized ARIA grid: one row in the Tab order (roving focus), moved by
 * the keys and scrolled into view, and focused once the virtualizer has rendered it. VirtualTable
 * and the instance grid both work this way; each adds its own keys on top.
 */
export function useRovingRows<T>({
  rows,
  getKey,
  rowHeight,
  headerHeight,
}: RovingRowsOptions<T>): RovingRows {
  const scroller = useRef<HTMLDivElement>(null);
  const [chosenKey, setActiveKey] = useState<string | undefined>(undefined);
  const focusPending = useRef(false);

  // Stable functions: the virtualizer recomputes every row's position whenever one of them changes.
  const getItemKey = useCallback(
    (index: number) => {
      const row = rows[index];
      return row === undefined ? index : getKey(row);
    },
    [rows, getKey],
  );
  const getScrollElement = useCallback(() => scroller.current, []);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render by design
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 6,
    scrollMargin: headerHeight,
    getItemKey,
  });

  const found = chosenKey === undefined ? -1 : rows.findIndex((r) => getKey(r) === chosenKey);
  const activeIndex = Math.max(0, found);
  const active = rows[activeIndex];
  const activeKey = active === undefined ? undefined : getKey(active);

  // The chosen row left the list (filtered out, deleted): the first row takes its place.
  useEffect(() => {
    if (chosenKey !== undefined && found < 0) setActiveKey(undefined);
  }, [chosenKey, found]);

  const moveTo = useCallback(
    (index: number) => {
      const clamped = Math.min(rows.length - 1, Math.max(0, index));
      const row = rows[clamped];
      if (row === undefined) return;
      const key = getKey(row);
      setActiveKey(key);
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
      // Focus it now if it is rendered, else once it is (after the scroll renders it).
      const element = rowElement(scroller.current, key);
      if (element) element.focus({ preventScroll: true });
      else focusPending.current = true;
    },
    [rows, getKey, virtualizer],
  );

  // After a keyboard move the row may only now be rendered: focus it once it is.
  useLayoutEffect(() => {
    if (!focusPending.current || activeKey === undefined) return;
    const element = rowElement(scroller.current, activeKey);
    if (element) {
      focusPending.current = false;
      element.focus({ preventScroll: true });
    }
  });

  const indexForKey = (key: string, ends: boolean): number | undefined => {
    // Page Up and Page Down move a screenful less one.
    const page = (): number =>
      Math.max(1, Math.floor(((scroller.current?.clientHeight ?? 400) - headerHeight) / rowHeight) - 1);
    if (key === 'ArrowDown') return activeIndex + 1;
    if (key === 'ArrowUp') return activeIndex - 1;
    if (key === 'PageDown') return activeIndex + page();
    if (key === 'PageUp') return activeIndex - page();
    if (key === 'Home' && ends) return 0;
    if (key === 'End' && ends) return rows.length - 1;
    return undefined;
  };

  return { scroller, virtualizer, activeIndex, activeKey, setActiveKey, moveTo, indexForKey };
}
