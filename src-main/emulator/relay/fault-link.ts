import type { FaultSettings } from '../model.js';

/** How long a frame held back for reordering waits for a successor before it goes out alone. */
const REORDER_HOLD_MS = 50;

/**
 * One direction of a faulty link: drops, duplicates, reorders (swaps a frame with its successor) and
 * delays frames by percentage. Faults are read on every frame, so changing them takes effect at once.
 */
export class FaultLink {
  private held: Buffer | undefined;
  private heldTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly deliver: (frame: Buffer) => void,
    private readonly faults: () => FaultSettings,
    private readonly random: () => number = Math.random,
  ) {}

  push(frame: Buffer): void {
    if (this.closed) return;
    const faults = this.faults();
    if (this.chance(faults.dropPercent)) return;
    const copies = this.chance(faults.duplicatePercent) ? 2 : 1;
    for (let i = 0; i < copies; i++) this.route(frame, faults);
  }

  close(): void {
    this.closed = true;
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.held = undefined;
  }

  private route(frame: Buffer, faults: FaultSettings): void {
    if (this.chance(faults.delayPercent) && (faults.delayMs ?? 0) > 0) {
      setTimeout(() => this.send(frame), faults.delayMs).unref();
      return;
    }
    if (this.held) {
      const earlier = this.held;
      this.releaseHold();
      this.send(frame);
      this.send(earlier);
      return;
    }
    if (this.chance(faults.reorderPercent)) {
      this.held = frame;
      this.heldTimer = setTimeout(() => {
        const frameHeld = this.held;
        this.releaseHold();
        if (frameHeld) this.send(frameHeld);
      }, REORDER_HOLD_MS);
      this.heldTimer.unref();
      return;
    }
    this.send(frame);
  }

  private releaseHold(): void {
    if (this.heldTimer) clearTimeout(this.heldTimer);
    this.heldTimer = undefined;
    this.held = undefined;
  }

  private send(frame: Buffer): void {
    if (!this.closed) this.deliver(frame);
  }

  private chance(percent: number | undefined): boolean {
    return percent !== undefined && percent > 0 && this.random() * 100 < percent;
  }
}

/** Per-session faults override global ones field by field. */
export function mergeFaults(
  global: FaultSettings | undefined,
  ...overrides: (FaultSettings | undefined)[]
): FaultSettings {
  const merged: FaultSettings = { ...global };
  for (const override of overrides) Object.assign(merged, override);
  return merged;
}
