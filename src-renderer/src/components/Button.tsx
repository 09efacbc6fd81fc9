import type { ButtonHTMLAttributes, ReactElement, ReactNode, Ref } from 'react';
import { Icon, type IconName } from './Icon';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger';
  icon?: IconName;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = 'secondary',
  icon,
  children,
  className,
  type = 'button',
  ref,
  ...rest
}: ButtonProps): ReactElement {
  return (
    <button
      ref={ref}
      type={type}
      className={['btn', `btn-${variant}`, className].filter(Boolean).join(' ')}
      data-autofocus={rest.autoFocus || undefined}
      {...rest}
    >
      {icon && <Icon name={icon} />}
      <span>{children}</span>
    </button>
  );
}
