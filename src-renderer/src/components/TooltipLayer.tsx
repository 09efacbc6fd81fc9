import { useEffect, useState, type ReactElement } from 'react';

interface Shown {
  title: string;
  note: string | undefined;
  left: number;
  top: number;
  below: boolean;
}

const SHOW_DELAY_MS = 450;

function tooltipOf(target: EventTarget | null): HTMLElement | undefined {
  return target instanceof Element ? (target.closest<HTMLElement>('[data-tooltip]') ?? undefined) : undefined;
}

/**
 * One tooltip for the whole window: any element with `data-tooltip` (and `data-tooltip-note`) shows
 * it after a short hover, or at once when focused by keyboard. Controls carry their own accessible
 * names and descriptions, so this is for the eyes only; one listener instead of one per button keeps
 * 20,000-row lists light.
 */
export function TooltipLayer(): ReactElement | null {
  const [shown, setShown] = useState<Shown | undefined>(undefined);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: HTMLElement | undefined;
    const show = (element: HTMLElement): void => {
      const rect = element.getBoundingClientRect();
      const below = rect.top < 48;
      setShown({
        title: element.dataset.tooltip ?? '',
        note: element.dataset.tooltipNote,
        left: Math.min(window.innerWidth - 8, Math.max(8, rect.left + rect.width / 2)),
        top: below ? rect.bottom + 6 : rect.top - 6,
        below,
      });
    };
    const hide = (): void => {
      clearTimeout(timer);
      current = undefined;
      setShown(undefined);
    };
    const onOver = (event: PointerEvent): void => {
      const element = tooltipOf(event.target);
      if (element === current) return;
      hide();
      if (!element) return;
      current = element;
      timer = setTimeout(() => show(element), SHOW_DELAY_MS);
    };
    const onFocus = (event: FocusEvent): void => {
      const element = tooltipOf(event.target);
      if (element && element === event.target && element.matches(':focus-visible')) {
        clearTimeout(timer);
        current = element;
        show(element);
      }
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') hide();
    };
    document.addEventListener('pointerover', onOver);
    document.addEventListener('pointerdown', hide, true);
    document.addEventListener('focusin', onFocus);
    document.addEventListener('focusout', hide);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('scroll', hide, true);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('pointerover', onOver);
      document.removeEventListener('pointerdown', hide, true);
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('focusout', hide);
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('scroll', hide, true);
    };
  }, []);

  if (!shown) return null;
  return (
    <div
      className={shown.below ? 'tooltip tooltip-below' : 'tooltip'}
      style={{ left: shown.left, top: shown.top }}
      aria-hidden="true"
    >
      {shown.note ? (
        <>
          <span className="tooltip-title">{shown.title}</span>
          <span className="tooltip-note">{shown.note}</span>
        </>
      ) : (
        shown.title
      )}
    </div>
  );
}
