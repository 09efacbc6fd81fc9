import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_WINDOW_CHARS,
  FOREGROUND_WINDOW_CHARS,
  OutputFlow,
  TAB_HIGH_CHARS,
  TAB_LOW_CHARS,
} from './flow-control.js';

interface Sent {
  viewId: number;
  tabId: string;
  chars: number;
  position: number;
}

function setup(): { flow: OutputFlow; sent: Sent[]; calls: string[] } {
  const sent: Sent[] = [];
  const calls: string[] = [];
  const flow = new OutputFlow((viewId, tabId, data, position) =>
    sent.push({ viewId, tabId, chars: data.length, position }),
  );
  return { flow, sent, calls };
}

const text = (chars: number): string => 'x'.repeat(chars);

describe('OutputFlow', () => {
  it('sends the foreground tab within its window and queues the rest until acknowledged', () => {
    const { flow, sent } = setup();
    const tab = flow.forTab(
      'a',
      () => undefined,
      () => undefined,
    );
    tab.addView(1);
    flow.setForeground(1, 'a');
    let position = 0;
    for (let i = 0; i < 6; i++) tab.push(text(16 * 1024), (position += 16 * 1024));
    const inFlight = (): number => sent.reduce((sum, s) => sum + s.chars, 0);
    expect(inFlight()).toBe(FOREGROUND_WINDOW_CHARS);
    expect(sent.at(-1)?.position).toBe(FOREGROUND_WINDOW_CHARS);
    tab.acknowledged(1, 32 * 1024);
    expect(inFlight()).toBe(FOREGROUND_WINDOW_CHARS + 32 * 1024);
    tab.acknowledged(1, 64 * 1024);
    expect(inFlight()).toBe(6 * 16 * 1024);
    expect(sent.at(-1)?.position).toBe(6 * 16 * 1024);
  });

  it('keeps a quiet foreground tab ahead of busy background tabs', () => {
    const { flow, sent } = setup();
    const busy = ['b1', 'b2', 'b3'].map((id) => {
      const tab = flow.forTab(
        id,
        () => undefined,
        () => undefined,
      );
      tab.addView(1);
      return tab;
    });
    const quiet = flow.forTab(
      'q',
      () => undefined,
      () => undefined,
    );
    quiet.addView(1);
    flow.setForeground(1, 'q');
    for (let i = 1; i <= 8; i++) for (const tab of busy) tab.push(text(8 * 1024), i * 8 * 1024);
    const background = sent.filter((s) => s.tabId !== 'q').reduce((sum, s) => sum + s.chars, 0);
    expect(background).toBe(BACKGROUND_WINDOW_CHARS);
    // Served round-robin: every busy tab got a share.
    expect(new Set(sent.map((s) => s.tabId))).toEqual(new Set(['b1', 'b2', 'b3']));
    // The echo goes out at once, not behind the backlog.
    quiet.push('e', 1);
    expect(sent.at(-1)).toEqual({ viewId: 1, tabId: 'q', chars: 1, position: 1 });
  });

  it('pauses a tab above TAB_HIGH queued or in flight and resumes it below TAB_LOW', () => {
    const { flow, calls } = setup();
    const tab = flow.forTab(
      'a',
      () => calls.push('pause'),
      () => calls.push('resume'),
    );
    tab.addView(1);
    tab.push(text(TAB_HIGH_CHARS), TAB_HIGH_CHARS);
    expect(calls).toEqual([]);
    tab.push('x', TAB_HIGH_CHARS + 1);
    expect(calls).toEqual(['pause']);
    expect(tab.isPaused).toBe(true);
    tab.acknowledged(1, TAB_HIGH_CHARS + 1 - TAB_LOW_CHARS);
    expect(calls).toEqual(['pause']);
    tab.acknowledged(1, 1);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('forgets a view that goes away: its backlog no longer holds the session', () => {
    const { flow, calls } = setup();
    const tab = flow.forTab(
      'a',
      () => calls.push('pause'),
      () => calls.push('resume'),
    );
    tab.addView(1);
    tab.addView(2);
    tab.push(text(TAB_HIGH_CHARS + 10), TAB_HIGH_CHARS + 10);
    tab.acknowledged(1, TAB_HIGH_CHARS + 10);
    expect(calls).toEqual(['pause']);
    flow.removeView(2);
    expect(calls).toEqual(['pause', 'resume']);
    expect(tab.views).toEqual([1]);
  });

  it('ignores acknowledgements of unknown views and never counts below zero', () => {
    const { flow, calls } = setup();
    const tab = flow.forTab(
      'a',
      () => calls.push('pause'),
      () => calls.push('resume'),
    );
    tab.addView(1);
    tab.acknowledged(9, 100);
    tab.acknowledged(1, 100);
    tab.push(text(TAB_HIGH_CHARS), TAB_HIGH_CHARS);
    expect(calls).toEqual([]);
  });
});
