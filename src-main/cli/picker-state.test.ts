import { describe, expect, it } from 'vitest';
import { initialPicker, parseKeys, pickerStep, type PickerState } from './picker-state.js';

const items = ['web-1', 'web-2', 'db-primary', 'bastion'];
const text = (s: string): string => s;

function press(
  state: PickerState<string>,
  data: string,
): { state: PickerState<string>; chosen?: string | undefined; finished: boolean } {
  let current = state;
  for (const key of parseKeys(data)) {
    const step = pickerStep(current, key, items, text);
    current = step.state;
    if (step.done) return { state: current, chosen: step.done.chosen, finished: true };
  }
  return { state: current, finished: false };
}

describe('picker', () => {
  it('filters as you type and Enter picks the best match', () => {
    const result = press(initialPicker(items, text), 'db\r');
    expect(result).toMatchObject({ finished: true, chosen: 'db-primary' });
  });

  it('arrows move the selection, within bounds', () => {
    const start = initialPicker(items, text, 'web');
    expect(start.matches).toEqual(['web-1', 'web-2']);
    expect(press(start, '\u001b[B\u001b[B\u001b[B\r').chosen).toBe('web-2');
    expect(press(start, '\u001b[B\u001b[A\u001b[A\r').chosen).toBe('web-1');
  });

  it('backspace widens the filter again', () => {
    const result = press(initialPicker(items, text), 'dbx\u007f');
    expect(result.state.query).toBe('db');
    expect(result.state.matches).toEqual(['db-primary']);
  });

  it('Esc and Ctrl-C cancel; Enter with no match does nothing', () => {
    expect(press(initialPicker(items, text), '\u001b')).toMatchObject({ finished: true, chosen: undefined });
    expect(press(initialPicker(items, text), '\u0003')).toMatchObject({ finished: true, chosen: undefined });
    expect(press(initialPicker(items, text), 'zzz\r').finished).toBe(false);
  });
});
