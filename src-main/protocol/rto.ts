/**
 * Jacobson/Karels retransmission timeout with the constants both Go peers use (spec §4.3).
 * Values are milliseconds as floats (Go keeps float nanoseconds; the arithmetic is the same).
 */
export const RTO_CONSTANTS = {
  initialSrttMs: 100,
  initialRttVarMs: 0,
  initialRtoMs: 200,
  alpha: 1 / 8,
  beta: 1 / 4,
  clockGranularityMs: 10,
  maxRtoMs: 1000,
} as const;

export class RetransmissionTimer {
  srttMs: number = RTO_CONSTANTS.initialSrttMs;
  rttVarMs: number = RTO_CONSTANTS.initialRttVarMs;
  rtoMs: number = RTO_CONSTANTS.initialRtoMs;

  /** Feeds one round-trip sample. RTTVAR uses the old SRTT, then SRTT moves, then RTO is derived. */
  addSample(sampleMs: number): void {
    const { alpha, beta, clockGranularityMs, maxRtoMs } = RTO_CONSTANTS;
    this.rttVarMs = (1 - beta) * this.rttVarMs + beta * Math.abs(this.srttMs - sampleMs);
    this.srttMs = (1 - alpha) * this.srttMs + alpha * sampleMs;
    this.rtoMs = Math.min(maxRtoMs, this.srttMs + Math.max(clockGranularityMs, 4 * this.rttVarMs));
  }
}
