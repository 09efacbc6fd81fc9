import { useId, type ReactElement } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** Shown instead of the hint, and marks the field invalid. */
  error?: string;
  placeholder?: string;
  inputMode?: 'text' | 'numeric';
  autoFocus?: boolean;
  mono?: boolean;
  readOnly?: boolean;
  disabled?: boolean;
  /** A datalist's id: suggestions while typing. */
  list?: string;
  onBlur?: () => void;
}

/** A labelled text input with a hint or an error under it (announced with the field). */
export function TextField({
  label,
  value,
  onChange,
  hint,
  error,
  placeholder,
  inputMode,
  autoFocus,
  mono,
  readOnly,
  disabled,
  list,
  onBlur,
}: TextFieldProps): ReactElement {
  const id = useId();
  const note = error ?? hint;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={mono ? 'text-input mono' : 'text-input'}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        autoFocus={autoFocus}
        data-autofocus={autoFocus || undefined}
        readOnly={readOnly}
        disabled={disabled}
        list={list}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
      />
      {note && (
        <span id={`${id}-note`} className={error ? 'field-hint field-error' : 'field-hint'}>
          {note}
        </span>
      )}
    </div>
  );
}
