import { useId, type ReactElement } from 'react';

export interface CommandFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl+Enter (Cmd+Enter) in the field: run it without reaching for the button. */
  onRun: () => void;
  /** Under the field: how the command runs, and that Ctrl+Enter runs it. */
  hint: string;
}

/**
 * The command line of a non-interactive run, on one instance (Run command) or on many (the fleet
 * dialog): both take it the same way, so the field, its focus and its shortcut are written once.
 */
export function CommandField({ value, onChange, onRun, hint }: CommandFieldProps): ReactElement {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Command
      </label>
      <textarea
        id={id}
        className="text-input command-input mono"
        value={value}
        rows={3}
        autoFocus
        data-autofocus
        spellCheck={false}
        placeholder="uptime"
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) onRun();
        }}
      />
      <span className="field-hint">{hint}</span>
    </div>
  );
}
