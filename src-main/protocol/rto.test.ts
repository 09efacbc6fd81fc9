import { describe, expect, it } from 'vitest';
import { RTO_CONSTANTS, RetransmissionTimer } from './rto.js';

describe('§4.3 RTO (Jacobson/Karels)', () => {
  it('starts at SRTT 100 ms, RTTVAR 0, RTO 200 ms', () => {
    const timer = new RetransmissionTimer();
    expect([timer.srttMs, timer.rttVarMs, timer.rtoMs]).toEqual([100, 0, 200]);
    expect(RTO_CONSTANTS).toEqual({
      initialSrttMs: 100,
      initialRttVarMs: 0,
      initialRtoMs: 200,
      alpha: 1 / 8,
      beta: 1 / 4,
      clockGranularityMs: 10,
      maxRtoMs: 1000,
    });
  });

  it('TestCalculateRetransmissionTimeout: a 140 ms sample → SRTT 105, RTTVAR 10, RTO 145', () => {
    const timer = new RetransmissionTimer();
    timer.addSample(140);
    expect(timer.srttMs).toBeCloseTo(105, 9);
    expect(timer.rttVarMs).toBeCloseTo(10, 9);
    expect(timer.rtoMs).toBeCloseTo(145, 9);
  });

  it('RTTVAR uses the old SRTT, and the second sample follows from the first', () => {
    const timer = new RetransmissionTimer();
    timer.addSample(140);
    timer.addSample(60);
    // RTTVAR = 0.75·10 + 0.25·|105 − 60| = 18.75; SRTT = 0.875·105 + 0.125·60 = 99.375.
    expect(timer.rttVarMs).toBeCloseTo(18.75, 9);
    expect(timer.srttMs).toBeCloseTo(99.375, 9);
    expect(timer.rtoMs).toBeCloseTo(99.375 + 75, 9);
  });

  it('caps the RTO at 1 s', () => {
    const timer = new RetransmissionTimer();
    timer.addSample(5000);
    expect(timer.rtoMs).toBe(1000);
  });

  it('uses the 10 ms clock granularity as the only floor on the variance term', () => {
    const timer = new RetransmissionTimer();
    for (let i = 0; i < 200; i++) timer.addSample(1);
    // SRTT → 1 ms and RTTVAR → 0, so RTO → SRTT + G: below the 200 ms initial value, no other lower bound.
    expect(timer.rtoMs).toBeGreaterThan(timer.srttMs + 10 - 1e-9);
    expect(timer.rtoMs).toBeLessThan(12);
  });
});
