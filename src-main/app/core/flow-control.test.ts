import { describe, expect, it } from 'vitest';
import { FlowControl, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './flow-control.js';

describe('FlowControl (watermarks per view)', () => {
  function control(): { flow: FlowControl; calls: string[] } {
    const calls: string[] = [];
    const flow = new FlowControl(
      () => calls.push('pause'),
      () => calls.push('resume'),
    );
    return { flow, calls };
  }

  it('pauses when a view falls more than HIGH behind and resumes below LOW', () => {
    const { flow, calls } = control();
    flow.addView(1);
    flow.sent(HIGH_WATERMARK_CHARS);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(1, HIGH_WATERMARK_CHARS + 1 - LOW_WATERMARK_CHARS);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(1, 1);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('waits for the slowest view, and a view that leaves no longer holds output back', () => {
    const { flow, calls } = control();
    flow.addView(1);
    flow.addView(2);
    flow.sent(HIGH_WATERMARK_CHARS + 10);
    flow.acknowledged(1, HIGH_WATERMARK_CHARS + 10);
    expect(calls).toEqual(['pause']);
    flow.removeView(2);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.views).toEqual([1]);
  });

  it('ignores acknowledgements of unknown views and never counts below zero', () => {
    const { flow, calls } = control();
    flow.addView(1);
    flow.acknowledged(9, 100);
    flow.acknowledged(1, 100);
    flow.sent(HIGH_WATERMARK_CHARS);
    expect(calls).toEqual([]);
    expect(flow.isPaused).toBe(false);
  });
});
