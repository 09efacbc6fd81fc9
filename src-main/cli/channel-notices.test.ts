import { describe, expect, it } from 'vitest';
import { ChannelNotices, duration } from './channel-notices.js';

describe('ChannelNotices: one line per state change, none per retry (issue 8 §1)', () => {
  it('an outage with several attempts is two lines: lost, then reconnected with how long it took', () => {
    const notices = new ChannelNotices();
    const lines = [
      notices.next('connecting', undefined),
      notices.next('open', { reason: 'connected' }),
      notices.next('reconnecting', { reason: 'connection-lost', attempt: 1, nextDelayMs: 0 }),
      // Later announcements of the same outage (the engine's, or a face's replay) are no news.
      notices.next('reconnecting', { reason: 'connection-lost', attempt: 4, nextDelayMs: 800 }),
      notices.next('reconnecting', { reason: 'connection-lost', attempt: 5, nextDelayMs: 1600 }),
      notices.next('open', { reason: 'resumed', outageMs: 2430 }),
      notices.next('open', { reason: 'resumed', outageMs: 2500 }),
    ];
    expect(lines.filter((line) => line !== undefined)).toEqual([
      'connection lost, reconnecting…',
      'reconnected (after 2.4 s)',
    ]);
  });

  it('a storm (each new connection lost at once) is one line each way per drop', () => {
    const notices = new ChannelNotices();
    const lines: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      lines.push(notices.next('reconnecting', { reason: 'connection-lost', attempt: i + 1 }));
      lines.push(notices.next('open', { reason: 'resumed', outageMs: 1000 * (i + 1) }));
    }
    expect(lines).toEqual([
      'connection lost, reconnecting…',
      'reconnected (after 1.0 s)',
      'connection lost, reconnecting…',
      'reconnected (after 2.0 s)',
      'connection lost, reconnecting…',
      'reconnected (after 3.0 s)',
    ]);
  });

  it('giving up, or a session the service forgot, ends the outage with a line; a normal close says nothing', () => {
    const gaveUp = new ChannelNotices();
    gaveUp.next('reconnecting', { reason: 'connection-lost' });
    expect(
      gaveUp.next('closed', {
        reason: 'gave-up',
        outageMs: 605_000,
        error: { code: 'reconnect-gave-up', message: 'x' },
      }),
    ).toBe('gave up reconnecting after 10 min 5 s');
    const timedOut = new ChannelNotices();
    timedOut.next('reconnecting', { reason: 'connection-lost' });
    expect(timedOut.next('closed', { reason: 'timed-out' })).toBe(
      'could not reconnect: the service no longer knows the session',
    );
    expect(new ChannelNotices().next('closed', { reason: 'closed' })).toBeUndefined();
  });

  it('durations read as a person says them', () => {
    expect([850, 2430, 42_000, 600_000, 605_400].map(duration)).toEqual([
      '850 ms',
      '2.4 s',
      '42 s',
      '10 min',
      '10 min 5 s',
    ]);
  });
});
