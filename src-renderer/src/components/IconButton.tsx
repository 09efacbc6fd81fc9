import type { ButtonHTMLAttributes, ReactElement, Ref } from 'react';
import { Icon, type IconName } from './Icon';

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  icon: IconName;
  /** The accessible name, also shown as the tooltip. */
  label: string;
  /** A second line in the tooltip (a shortcut, or why the action is unavailable). */
  note?: string;
  /** Looks and acts disabled but stays focusable, so its tooltip can say why. */
  unavailable?: boolean;
  filled?: boolean;
  variant?: 'ghost' | 'accent' | 'danger';
  ref?: Ref<HTMLButtonElement>;
}

/** A square button with an icon; its name is `label`, which the tooltip (TooltipLayer) shows. */
export function IconButton({
  icon,
  label,
  note,
  unavailable = false,
  filled = false,
  variant = 'ghost',
  className,
  onClick,
  ref,
  ...rest
}: IconButtonProps): ReactElement {
  const classes = ['icon-button', `icon-button-${variant}`, className].filter(Boolean).join(' ');
  return (
    <button
      ref={ref}
      type="button"
      className={classes}
      aria-label={label}
      aria-disabled={unavailable || undefined}
      aria-description={note}
      data-tooltip={label}
      data-tooltip-note={note}
      onClick={unavailable ? (event) => event.preventDefault() : onClick}
      {...rest}
    >
      <Icon name={icon} filled={filled} />
    </button>
  );
}
