import { useEffect, useLayoutEffect, useRef, useState, type ReactElement } from 'react';
import { createPortal } from 'react-dom';
import { Icon, type IconName } from './Icon';

export interface MenuItem {
  label: string;
  icon?: IconName;
  /** Shown at the right, e.g. "Ctrl+Shift+D". */
  shortcut?: string;
  disabled?: boolean;
  /** Why it is disabled, said in the item. */
  note?: string;
  onSelect: () => void;
}

export interface MenuProps {
  label: string;
  items: readonly MenuItem[];
  /** Where to open: under a button (its rect) or at a pointer position. */
  at: { x: number; y: number; alignRight?: boolean };
  onClose: (reason: 'select' | 'escape' | 'outside' | 'tab') => void;
}

/**
 * A popup menu (role menu) drawn in a portal: arrow keys move between items, Enter/Space choose,
 * Escape or a click outside closes it, and focus returns to whoever opened it (the caller).
 */
export function Menu({ label, items, at, onClose }: MenuProps): ReactElement {
  const list = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ left: at.x, top: at.y });

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const rect = element.getBoundingClientRect();
    let left = at.alignRight ? at.x - rect.width : at.x;
    let top = at.y;
    if (left + rect.width > window.innerWidth - 8) left = window.innerWidth - rect.width - 8;
    if (top + rect.height > window.innerHeight - 8) top = Math.max(8, at.y - rect.height - 40);
    left = Math.max(8, left);
    setPosition({ left, top });
    element.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [at]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent): void => {
      if (!list.current?.contains(event.target as Node)) onClose('outside');
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [onClose]);

  const move = (to: number | 'first' | 'last'): void => {
    const entries = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    if (entries.length === 0) return;
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const next =
      to === 'first'
        ? 0
        : to === 'last'
          ? entries.length - 1
          : (index + to + entries.length) % entries.length;
    entries[next]?.focus();
  };

  return createPortal(
    <div
      ref={list}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') move(1);
        else if (event.key === 'ArrowUp') move(-1);
        else if (event.key === 'Home') move('first');
        else if (event.key === 'End') move('last');
        else if (event.key === 'Escape') onClose('escape');
        else if (event.key === 'Tab') onClose('tab');
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className="menu-item"
          aria-disabled={item.disabled || undefined}
          aria-description={item.note}
          onClick={() => {
            if (item.disabled) return;
            onClose('select');
            item.onSelect();
          }}
        >
          <span className="menu-item-icon">{item.icon && <Icon name={item.icon} />}</span>
          <span className="menu-item-label">
            {item.label}
            {item.note && <span className="menu-item-note">{item.note}</span>}
          </span>
          {item.shortcut && <kbd className="menu-item-shortcut">{item.shortcut}</kbd>}
        </button>
      ))}
    </div>,
    document.body,
  );
}
