import { fuzzyFilter } from '../client/fuzzy-match.js';

/** The picker's state, kept pure so that key handling can be tested without a terminal. */
export interface PickerState<T> {
  query: string;
  selected: number;
  matches: T[];
}

export type PickerKey =
  | { kind: 'char'; text: string }
  | { kind: 'backspace' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'enter' }
  | { kind: 'cancel' }
  | { kind: 'ignore' };

/** Any other CSI sequence (Home, F-keys, Delete…): ignored. */
// eslint-disable-next-line no-control-regex -- the escape character is what a CSI sequence starts with
const CSI = new RegExp('^\u001b\\[[0-9;]*[A-Za-z~]');

/** Splits raw terminal input into keys (arrow escape sequences, Ctrl-keys, printable text). */
export function parseKeys(data: string): PickerKey[] {
  const keys: PickerKey[] = [];
  for (let i = 0; i < data.length; i++) {
    const char = data[i] as string;
    const rest = data.slice(i);
    if (rest.startsWith('\u001b[A') || rest.startsWith('\u001bOA')) {
      keys.push({ kind: 'up' });
      i += 2;
    } else if (rest.startsWith('\u001b[B') || rest.startsWith('\u001bOB')) {
      keys.push({ kind: 'down' });
      i += 2;
    } else if (CSI.test(rest)) {
      i += (CSI.exec(rest)?.[0].length ?? 1) - 1;
      keys.push({ kind: 'ignore' });
    } else if (char === '\u001b' || char === '\u0003' || char === '\u0004') keys.push({ kind: 'cancel' });
    else if (char === '\r' || char === '\n') keys.push({ kind: 'enter' });
    else if (char === '\u007f' || char === '\b') keys.push({ kind: 'backspace' });
    else if (char === '\u0010' || char === '\u000b') keys.push({ kind: 'up' });
    else if (char === '\u000e' || char === '\u0009' || char === '\u000a') keys.push({ kind: 'down' });
    else if (char >= ' ') keys.push({ kind: 'char', text: char });
    else keys.push({ kind: 'ignore' });
  }
  return keys;
}

export function initialPicker<T>(items: readonly T[], text: (item: T) => string, query = ''): PickerState<T> {
  return { query, selected: 0, matches: fuzzyFilter(query, items, text) };
}

/** The next state for a key; `done` is set for Enter (with the choice) and cancel. */
export function pickerStep<T>(
  state: PickerState<T>,
  key: PickerKey,
  items: readonly T[],
  text: (item: T) => string,
): { state: PickerState<T>; done?: { chosen: T | undefined } } {
  switch (key.kind) {
    case 'char':
    case 'backspace': {
      const query = key.kind === 'char' ? state.query + key.text : state.query.slice(0, -1);
      return { state: { query, selected: 0, matches: fuzzyFilter(query, items, text) } };
    }
    case 'up':
      return { state: { ...state, selected: Math.max(0, state.selected - 1) } };
    case 'down':
      return {
        state: { ...state, selected: Math.min(Math.max(0, state.matches.length - 1), state.selected + 1) },
      };
    case 'enter': {
      const chosen = state.matches[state.selected];
      return chosen === undefined ? { state } : { state, done: { chosen } };
    }
    case 'cancel':
      return { state, done: { chosen: undefined } };
    case 'ignore':
      return { state };
  }
}
