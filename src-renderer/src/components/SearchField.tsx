import type { InputHTMLAttributes, ReactElement, Ref } from 'react';
import { Icon } from './Icon';

export interface SearchFieldProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'className' | 'value' | 'onChange'
> {
  /** The input's accessible name ("Search tunnels"). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A class added to the wrapper, for the view's own width. */
  className?: string;
  ref?: Ref<HTMLInputElement>;
}

/**
 * The search box of a view's toolbar: the magnifier and a search input, styled by .search-field.
 * The instances, tunnels and history toolbars share it so they look and behave alike.
 */
export function SearchField({
  label,
  value,
  onChange,
  className,
  ref,
  ...rest
}: SearchFieldProps): ReactElement {
  return (
    <div className={className ? `search-field ${className}` : 'search-field'}>
      <Icon name="search" className="search-icon" />
      <input
        ref={ref}
        type="search"
        className="text-input search-input"
        aria-label={label}
        value={value}
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      />
    </div>
  );
}
