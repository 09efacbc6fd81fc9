import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import { IconButton } from '../components/IconButton';
import type { SearchState } from './terminal-registry';

export interface FindBarProps {
  results: SearchState | undefined;
  onFind: (text: string, direction: 'next' | 'previous', options: ISearchOptions) => void;
  onClose: () => void;
  /** Changes each time find is asked for again, to focus the field. */
  focusToken: number;
}

/** Find in the terminal's scrollback: Enter for next, Shift+Enter for previous, Escape to close. */
export function FindBar({ results, onFind, onClose, focusToken }: FindBarProps): ReactElement {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [regex, setRegex] = useState(false);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);

  const options = (incremental: boolean): ISearchOptions => ({ caseSensitive, regex, incremental });
  const count = !text
    ? ''
    : !results || results.count === 0
      ? 'No results'
      : results.index < 0
        ? `${results.count}+ matches`
        : `${results.index + 1} of ${results.count}`;

  return (
    <div className="find-bar" role="search" aria-label="Find in terminal">
      <input
        ref={input}
        className="text-input find-input"
        aria-label="Find in terminal"
        placeholder="Find"
        value={text}
        spellCheck={false}
        onChange={(event) => {
          setText(event.target.value);
          onFind(event.target.value, 'next', options(true));
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            onFind(text, event.shiftKey ? 'previous' : 'next', options(false));
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }}
      />
      <span className="find-count" aria-live="polite">
        {count}
      </span>
      <button
        type="button"
        className="find-toggle"
        aria-label="Match case"
        title="Match case"
        aria-pressed={caseSensitive}
        onClick={() => setCaseSensitive((on) => !on)}
      >
        Aa
      </button>
      <button
        type="button"
        className="find-toggle mono"
        aria-label="Regular expression"
        title="Regular expression"
        aria-pressed={regex}
        onClick={() => setRegex((on) => !on)}
      >
        .*
      </button>
      <IconButton
        icon="arrowUp"
        label="Previous match"
        onClick={() => onFind(text, 'previous', options(false))}
      />
      <IconButton icon="arrowDown" label="Next match" onClick={() => onFind(text, 'next', options(false))} />
      <IconButton icon="close" label="Close find" onClick={onClose} />
    </div>
  );
}
