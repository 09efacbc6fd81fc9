import { describe, expect, it } from 'vitest';
import { stateText } from './forward-command.js';

describe('forward: which tunnel states are news (issue 8 §8)', () => {
  it('a first open is not a restart; a later one is', () => {
    const open = { state: 'open', sessionId: 's-2', detail: 'new session' } as const;
    expect(stateText(open, undefined)).toBeUndefined();
    expect(stateText(open, 'restarting')).toBe('forwarding again, session s-2 (new session)');
  });

  it('closed by us says nothing; closed for a reason says it', () => {
    expect(stateText({ state: 'closed', sessionId: 's-1' }, 'open')).toBeUndefined();
    expect(stateText({ state: 'closed', sessionId: 's-1', detail: 'session timed out' }, 'open')).toBe(
      'closed (session timed out)',
    );
  });

  it('losses say what is being done about them', () => {
    expect(
      stateText({ state: 'reconnecting', sessionId: 's-1', detail: 'websocket closed (1006)' }, 'open'),
    ).toBe('connection lost, resuming session s-1 (websocket closed (1006))');
    expect(
      stateText({ state: 'restarting', sessionId: 's-1', detail: 'session timed out' }, 'reconnecting'),
    ).toBe('session s-1 lost, starting a new one (session timed out)');
  });
});
