/**
 * When the terminals of this window write what is waiting for them, and when they acknowledge it.
 *
 * The tab on screen writes its output at once (TerminalSession). Every other tab's output waits in
 * its session and is written here, from one time budget per animation frame shared round-robin, so
 * 19 busy hidden tabs cannot starve the frame: xterm.js parses each terminal's writes in tasks of
 * its own (up to 12 ms each), which without a budget add up to frames of 100 ms and more. What is
 * not written is not acknowledged, so the core's background window (flow-control.ts) holds the
 * hidden shells back in turn.
 *
 * Acknowledgements go out once per frame (or at once from ACK_BATCH_CHARS on, TerminalSession):
 * the core's windows are 64 Ki characters, so waiting longer would cut the throughput.
 */

/** What the scheduler drives in a terminal that has output waiting. */
export interface ScheduledTerminal {
  /** Characters waiting to be written. */
  readonly waitingChars: number;
  /**
   * Writes up to `max` of the waiting characters to xterm.js; `parsed` is called once xterm.js
   * parsed them, with the milliseconds the parse took.
   */
  writeSlice(max: number, parsed: (ms: number, chars: number) => void): void;
  /** Sends the acknowledgement batched so far. */
  flushAck(): void;
}

/**
 * Parse time per frame for the hidden terminals together (a frame is 16.7 ms at 60 Hz). With 19
 * hidden tabs printing (bench/app-busy-tabs.ts) 4 ms let 2.5 M characters/s into the page and the
 * visible tab's echo p95 rose to 72 ms on a 2-core machine; 2 ms halves that stream (one busy
 * hidden tab still gets about 1 M characters/s) and keeps the echo p95 under 50 ms.
 */
export const FRAME_BUDGET_MS = 2;
/** With no frame to protect (the page is hidden, or no frame came for a while), per tick. */
const IDLE_BUDGET_MS = 24;
/** A tick happens after this long even without an animation frame (hidden pages get none). */
const TICK_FALLBACK_MS = 100;
/**
 * Terminals written per tick, in turn. Every terminal written to costs more than its parse: one
 * more task, one more acknowledgement, and (xterm.js 6's DOM renderer) a redraw of all its rows on
 * the next frame, hidden or not, whenever its buffer scrolled. So each tick serves a few terminals
 * with large slices rather than all of them with small ones.
 */
const TERMINALS_PER_TICK = 2;
/** A tick's characters are at least this many (a slow parse estimate cannot stall the hidden tabs). */
const MIN_TICK_CHARS = 4096;
const MAX_TICK_CHARS = 256 * 1024;
/** Where the parse-cost estimate starts: 5,000 characters per ms, moved by every measured slice. */
const INITIAL_MS_PER_CHAR = 1 / 5000;
/** Slices shorter than this are not measured (timer resolution). */
const MEASURE_MIN_CHARS = 1024;

export class OutputScheduler {
  private readonly waiting = new Set<ScheduledTerminal>();
  /** Terminals with a slice xterm.js has not parsed yet: they get no other until it has. */
  private readonly parsing = new Set<ScheduledTerminal>();
  private readonly acking = new Set<ScheduledTerminal>();
  private msPerChar = INITIAL_MS_PER_CHAR;
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** The terminal has output waiting (again). */
  wake(terminal: ScheduledTerminal): void {
    this.waiting.add(terminal);
    this.schedule();
  }

  /** The terminal has an acknowledgement to send with the next frame. */
  ackSoon(terminal: ScheduledTerminal): void {
    this.acking.add(terminal);
    this.schedule();
  }

  forget(terminal: ScheduledTerminal): void {
    this.waiting.delete(terminal);
    this.parsing.delete(terminal);
    this.acking.delete(terminal);
  }

  /** The current estimate of xterm.js's parse cost (ms per character), for tests and tuning. */
  get parseCost(): number {
    return this.msPerChar;
  }

  /** Forgets every terminal (their registry stopped; it may start again with new ones). */
  clear(): void {
    this.cancel();
    this.waiting.clear();
    this.parsing.clear();
    this.acking.clear();
  }

  private schedule(): void {
    if (this.frame || this.timer) return;
    this.frame = requestAnimationFrame(() => this.tick(FRAME_BUDGET_MS));
    this.timer = setTimeout(() => this.tick(IDLE_BUDGET_MS), TICK_FALLBACK_MS);
  }

  private cancel(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    this.frame = 0;
    this.timer = undefined;
  }

  private tick(budgetMs: number): void {
    this.cancel();
    for (const terminal of [...this.acking]) terminal.flushAck();
    this.acking.clear();
    this.write(budgetMs);
    if (this.waiting.size > 0) this.schedule();
  }

  /**
   * Hands out this tick's budget to the terminals first in line, each taking what it has up to
   * what is left. `waiting` is the line (a Set keeps insertion order): one served and still waiting
   * goes to its end, one emptied leaves it and joins at the end when output comes again.
   */
  private write(budgetMs: number): void {
    let budget = Math.min(MAX_TICK_CHARS, Math.max(MIN_TICK_CHARS, Math.floor(budgetMs / this.msPerChar)));
    let served = 0;
    for (const terminal of [...this.waiting]) {
      if (budget <= 0 || served === TERMINALS_PER_TICK) break;
      if (terminal.waitingChars === 0) {
        this.waiting.delete(terminal);
        continue;
      }
      if (this.parsing.has(terminal)) continue;
      const chars = Math.min(terminal.waitingChars, budget);
      budget -= chars;
      served++;
      this.waiting.delete(terminal);
      if (terminal.waitingChars > chars) this.waiting.add(terminal);
      this.parsing.add(terminal);
      terminal.writeSlice(chars, (ms, parsed) => {
        this.parsing.delete(terminal);
        this.measured(ms, parsed);
      });
    }
  }

  private measured(ms: number, chars: number): void {
    if (chars < MEASURE_MIN_CHARS || !(ms >= 0)) return;
    // Bounded so one slice held up by something else cannot stall the rest for long.
    const sample = Math.min(1 / 200, Math.max(1 / 200_000, ms / chars));
    this.msPerChar = this.msPerChar * 0.7 + sample * 0.3;
  }
}
