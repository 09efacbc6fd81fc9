import type { ReactElement } from 'react';

export interface ChoiceListProps {
  legend: string;
  /** Wording of the "everything" choice, e.g. "Every profile". */
  allLabel: string;
  someLabel: string;
  options: readonly { value: string; label: string; note?: string }[];
  /** Empty means "all". */
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  columns?: number;
}

/**
 * "All of them" or "only these": the contract stores an empty list for all. Choosing "only these"
 * starts with every option ticked, so nothing disappears until the user unticks it.
 */
export function ChoiceList({
  legend,
  allLabel,
  someLabel,
  options,
  chosen,
  onChange,
  columns = 2,
}: ChoiceListProps): ReactElement {
  const all = chosen.length === 0;
  const name = legend.toLowerCase().replace(/\W+/g, '-');
  return (
    <fieldset className="choice-list">
      <legend className="field-label">{legend}</legend>
      <label className="radio">
        <input type="radio" name={name} checked={all} onChange={() => onChange([])} />
        {allLabel}
      </label>
      <label className="radio">
        <input
          type="radio"
          name={name}
          checked={!all}
          onChange={() => onChange(options.map((o) => o.value))}
          disabled={options.length === 0}
        />
        {someLabel}
      </label>
      <div className="choice-grid" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {options.map((option) => (
          <label key={option.value} className={all ? 'checkbox checkbox-disabled' : 'checkbox'}>
            <input
              type="checkbox"
              disabled={all}
              checked={all || chosen.includes(option.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...chosen, option.value]
                    : chosen.filter((value) => value !== option.value),
                )
              }
            />
            <span className="truncate">{option.label}</span>
            {option.note && <span className="choice-note">{option.note}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
