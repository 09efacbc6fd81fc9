import { useCallback, useRef, useState, type ReactElement } from 'react';
import type { IconName } from './Icon';
import { IconButton } from './IconButton';
import { Menu, type MenuItem } from './Menu';

export interface MenuButtonProps {
  label: string;
  icon?: IconName;
  items: readonly MenuItem[];
  tabIndex?: number;
}

/** An icon button that opens a menu below it (aria-haspopup), and takes focus back when it closes. */
export function MenuButton({ label, icon = 'more', items, tabIndex }: MenuButtonProps): ReactElement {
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<{ x: number; y: number; alignRight: boolean } | undefined>(undefined);
  const open = (): void => {
    const rect = button.current?.getBoundingClientRect();
    if (rect) setAt({ x: rect.right, y: rect.bottom + 4, alignRight: true });
  };
  const close = useCallback((reason: string) => {
    setAt(undefined);
    if (reason !== 'outside') button.current?.focus();
  }, []);
  return (
    <>
      <IconButton
        ref={button}
        icon={icon}
        label={label}
        aria-haspopup="menu"
        aria-expanded={at !== undefined}
        tabIndex={tabIndex}
        onClick={() => (at ? close('toggle') : open())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            open();
          }
        }}
      />
      {at && <Menu label={label} items={items} at={at} onClose={close} />}
    </>
  );
}
