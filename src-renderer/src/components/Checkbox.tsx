import type { ReactElement, ReactNode } from 'react';

export interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The words beside the box, which are also its accessible name. */
  children: ReactNode;
}

/**
 * A checkbox with its words, the whole line clickable (the label wraps the input). The dialogs and
 * settings all need the same one, so it is written once.
 */
export function Checkbox({ checked, onChange, children }: CheckboxProps): ReactElement {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {children}
    </label>
  );
}
