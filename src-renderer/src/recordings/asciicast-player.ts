import type { Terminal } from '@xterm/xterm';
import type { RecordingContent } from '../../../src-shared/model/recording';

export interface PlayerState {
  /** Seconds into the recording. */
  position: number;
  duration: number;
  playing: boolean;
  speed: number;
  /** The last event has been shown. */
  ended: boolean;
}

/** How often the controls hear about the position while playing. */
const REPORT_EVERY_MS = 100;

/**
 * Plays an asciicast v2 recording into an xterm.js terminal: output events at their times (scaled by
 * the speed), resize events as resizes, in order with the output. Seeking back replays from the start into a clean terminal;
 * seeking forward writes everything up to there at once.
 */
export class AsciicastPlayer {
  private index = 0;
  private position = 0;
  private playing = false;
  private speed = 1;
  private frame = 0;
  private startedWall = 0;
  private startedAt = 0;
  private lastReport = 0;
  readonly duration: number;

  constructor(
    private readonly term: Terminal,
    private readonly content: RecordingContent,
    private readonly changed: (state: PlayerState) => void,
  ) {
    this.duration = content.events.at(-1)?.[0] ?? 0;
    this.rewind();
    this.report();
  }

  get state(): PlayerState {
    return {
      position: this.position,
      duration: this.duration,
      playing: this.playing,
      speed: this.speed,
      ended: this.index >= this.content.events.length,
    };
  }

  play(): void {
    if (this.playing) return;
    if (this.index >= this.content.events.length) this.seek(0);
    this.playing = true;
    this.startedWall = performance.now();
    this.startedAt = this.position;
    this.frame = requestAnimationFrame(this.tick);
    this.report();
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.report();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    if (this.playing) {
      this.startedAt = this.position;
      this.startedWall = performance.now();
    }
    this.speed = speed;
    this.report();
  }

  /** Shows the screen as it was `seconds` into the recording. */
  seek(seconds: number): void {
    const target = Math.max(0, Math.min(this.duration, seconds));
    if (target < this.position || (target === 0 && this.index > 0)) this.rewind();
    this.advanceTo(target);
    this.position = target;
    if (this.playing) {
      this.startedAt = target;
      this.startedWall = performance.now();
    }
    this.report();
  }

  dispose(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
  }

  private readonly tick = (now: number): void => {
    if (!this.playing) return;
    const position = Math.min(this.duration, this.startedAt + ((now - this.startedWall) / 1000) * this.speed);
    this.advanceTo(position);
    this.position = position;
    if (this.index >= this.content.events.length) {
      this.position = this.duration;
      this.playing = false;
      this.report();
      return;
    }
    if (now - this.lastReport >= REPORT_EVERY_MS) this.report(now);
    this.frame = requestAnimationFrame(this.tick);
  };

  /**
   * Back to the start: a full reset (RIS) and the recording's first size. Both go through the
   * terminal's write queue, so output still queued from before is parsed first, not after.
   */
  private rewind(): void {
    this.term.write('\x1bc');
    this.resize(this.content.width, this.content.height);
    this.index = 0;
    this.position = 0;
  }

  private resize(cols: number, rows: number): void {
    this.term.write('', () => {
      if (this.term.cols !== cols || this.term.rows !== rows)
        this.term.resize(Math.max(2, cols), Math.max(1, rows));
    });
  }

  /** Writes every event up to `seconds` (output joined, so a long seek is one write). */
  private advanceTo(seconds: number): void {
    const { events } = this.content;
    let text = '';
    while (this.index < events.length) {
      const event = events[this.index];
      if (!event || event[0] > seconds) break;
      this.index++;
      const [, kind, data] = event;
      if (kind === 'o') {
        text += data;
        continue;
      }
      const size = /^(\d+)x(\d+)$/.exec(data);
      if (!size) continue;
      if (text) this.term.write(text);
      text = '';
      this.resize(Number(size[1]), Number(size[2]));
    }
    if (text) this.term.write(text);
  }

  private report(now = performance.now()): void {
    this.lastReport = now;
    this.changed(this.state);
  }
}
