import { describe, expect, it } from 'vitest';
import { EscapeScanner } from './escape-scanner.js';

function feed(scanner: EscapeScanner, ...chunks: string[]): { sent: string; actions: string[] } {
  let sent = '';
  const actions: string[] = [];
  for (const chunk of chunks) {
    const result = scanner.scan(Buffer.from(chunk));
    sent += result.forward.toString();
    actions.push(...result.actions);
  }
  return { sent, actions };
}

describe('EscapeScanner', () => {
  it('~. at the start of the session terminates', () => {
    expect(feed(new EscapeScanner(), '~.')).toEqual({ sent: '', actions: ['terminate'] });
  });

  it('~. after Enter terminates, split across chunks too', () => {
    expect(feed(new EscapeScanner(), 'ls\r', '~', '.')).toEqual({ sent: 'ls\r', actions: ['terminate'] });
    expect(feed(new EscapeScanner(), 'ls\n~.')).toEqual({ sent: 'ls\n', actions: ['terminate'] });
  });

  it('~ in the middle of a line is ordinary', () => {
    expect(feed(new EscapeScanner(), 'cd ~.', '\r')).toEqual({ sent: 'cd ~.\r', actions: [] });
  });

  it('~~ sends one ~ and ends the line-start state', () => {
    expect(feed(new EscapeScanner(), '~~.')).toEqual({ sent: '~.', actions: [] });
  });

  it('~? lists the escapes and a following ~. still works', () => {
    expect(feed(new EscapeScanner(), '\r~?~.')).toEqual({ sent: '\r', actions: ['help', 'terminate'] });
  });

  it('~ followed by another key sends both', () => {
    expect(feed(new EscapeScanner(), '~x', '~.')).toEqual({ sent: '~x~.', actions: [] });
    expect(feed(new EscapeScanner(), '~\r~.')).toEqual({ sent: '~\r', actions: ['terminate'] });
  });

  it('control bytes pass through', () => {
    expect(feed(new EscapeScanner(), '\x03\x1c\x1a')).toEqual({ sent: '\x03\x1c\x1a', actions: [] });
  });
});
