import { useId, useState, type ReactElement } from 'react';

export interface NumberFieldProps {
  label: string;
  hint?: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onCommit: (value: number) => void;
}

/** A whole-number field that applies valid values as they are typed and says when one is out of range. */
export function NumberField({
  label,
  hint,
  value,
  min,
  max,
  step = 1,
  onCommit,
}: NumberFieldProps): ReactElement {
  const [draft, setDraft] = useState(String(value));
  const id = useId();
  // A new value from the core (or another window) replaces the draft.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(String(value));
  }
  const parsed = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(parsed) && parsed >= min && parsed <= max;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="number"
        className="text-input number-input"
        inputMode="numeric"
        min={min}
        max={max}
        step={step}
        value={draft}
        aria-invalid={!valid || undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          setDraft(event.target.value);
          const next = Number(event.target.value);
          if (Number.isInteger(next) && next >= min && next <= max && next !== value) onCommit(next);
        }}
        onBlur={() => {
          if (!valid) setDraft(String(value));
        }}
      />
      <span id={`${id}-hint`} className={valid ? 'field-hint' : 'field-hint field-error'}>
        {valid ? hint : `Between ${min.toLocaleString()} and ${max.toLocaleString()}`}
      </span>
    </div>
  );
}
