/**
 * The agent's retransmission timeout (Jacobson/Karels with the agent's constants, spec §4.3). Written
 * here rather than shared with the client so that a client RTO bug cannot hide in the emulator.
 */
const INITIAL_SRTT_MS = 100;
const INITIAL_RTO_MS = 200;
const CLOCK_GRANULARITY_MS = 10;
const MAX_RTO_MS = 1000;
const ALPHA = 1 / 8;
const BETA = 1 / 4;

export class AgentRto {
  private srtt = INITIAL_SRTT_MS;
  private rttvar = 0;
  private current = INITIAL_RTO_MS;

  get timeoutMs(): number {
    return this.current;
  }

  sample(roundTripMs: number): void {
    this.rttvar = (1 - BETA) * this.rttvar + BETA * Math.abs(this.srtt - roundTripMs);
    this.srtt = (1 - ALPHA) * this.srtt + ALPHA * roundTripMs;
    this.current = Math.min(MAX_RTO_MS, this.srtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttvar));
  }
}
