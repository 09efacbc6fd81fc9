import { useCallback, useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

interface Placement {
  left: number;
  top: number;
  below: boolean;
}

const SHOW_DELAY_MS = 450;

export interface TooltipProps {
  /** What the tooltip says; the control inside carries its own accessible name. */
  text: ReactNode;
  children: ReactNode;
  /** Widen the anchor to its parent (cells) instead of hugging the control. */
  block?: boolean;
}

/**
 * A small label shown on hover (after a short delay) and on keyboard focus, drawn in a portal so the
 * grid's scroll container cannot clip it. It never steals focus or pointer events.
 */
export function Tooltip({ text, children, block = false }: TooltipProps): ReactElement {
  const anchor = useRef<HTMLSpanElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [placement, setPlacement] = useState<Placement | undefined>(undefined);
  const id = useId();

  const show = useCallback(() => {
    const rect = anchor.current?.getBoundingClientRect();
    if (!rect) return;
    const below = rect.top < 48;
    setPlacement({ left: rect.left + rect.width / 2, top: below ? rect.bottom + 6 : rect.top - 6, below });
  }, []);
  const hide = useCallback(() => {
    clearTimeout(timer.current);
    setPlacement(undefined);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    <span
      ref={anchor}
      className={block ? 'tooltip-anchor tooltip-anchor-block' : 'tooltip-anchor'}
      onPointerEnter={() => {
        clearTimeout(timer.current);
        timer.current = setTimeout(show, SHOW_DELAY_MS);
      }}
      onPointerLeave={hide}
      onPointerDown={hide}
      onFocus={(event) => {
        if (event.target instanceof Element && event.target.matches(':focus-visible')) show();
      }}
      onBlur={hide}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && placement) hide();
      }}
    >
      {children}
      {placement &&
        createPortal(
          <span
            id={id}
            role="tooltip"
            className={placement.below ? 'tooltip tooltip-below' : 'tooltip'}
            style={{ left: placement.left, top: placement.top }}
          >
            {text}
          </span>,
          document.body,
        )}
    </span>
  );
}
