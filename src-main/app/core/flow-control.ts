/**
 * Output flow control between the core and its views, after xterm.js's watermark pattern: every view
 * acknowledges the characters its terminal has processed; while any attached view is more than HIGH
 * characters behind, the session's output is paused (the engine then stops acknowledging the agent,
 * which stops sending), and it resumes once every view is below LOW. A view that goes away no longer
 * counts, so a closed window never stalls a session.
 */
export const HIGH_WATERMARK_CHARS = 512 * 1024;
export const LOW_WATERMARK_CHARS = 128 * 1024;

export class FlowControl {
  private readonly pending = new Map<number, number>();
  private paused = false;

  constructor(
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  addView(viewId: number): void {
    this.pending.set(viewId, 0);
  }

  removeView(viewId: number): void {
    this.pending.delete(viewId);
    this.update();
  }

  hasView(viewId: number): boolean {
    return this.pending.has(viewId);
  }

  get views(): number[] {
    return [...this.pending.keys()];
  }

  /** `chars` more were sent to every attached view. */
  sent(chars: number): void {
    for (const [view, count] of this.pending) this.pending.set(view, count + chars);
    this.update();
  }

  acknowledged(viewId: number, chars: number): void {
    const count = this.pending.get(viewId);
    if (count === undefined) return;
    this.pending.set(viewId, Math.max(0, count - chars));
    this.update();
  }

  private update(): void {
    const behind = Math.max(0, ...this.pending.values());
    if (!this.paused && behind > HIGH_WATERMARK_CHARS) {
      this.paused = true;
      this.pause();
    } else if (this.paused && behind < LOW_WATERMARK_CHARS) {
      this.paused = false;
      this.resume();
    }
  }
}
