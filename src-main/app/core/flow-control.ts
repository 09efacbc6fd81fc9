/**
 * Output flow control between the core and its views, after xterm.js's watermark pattern (views
 * acknowledge what their terminals have written), shaped by what a view is: one socket for all its
 * tabs. Output is queued per view and tab and sent within windows:
 *
 * - the view's foreground tab (the one on screen) may have FOREGROUND_WINDOW characters in flight;
 * - all its background tabs together BACKGROUND_WINDOW, served round-robin, least in flight first.
 *
 * So a keystroke's echo in the tab on screen waits behind at most BACKGROUND_WINDOW characters of
 * its busy neighbours, not behind everything they printed (docs/benchmarks.md, "20 shell tabs, 19
 * busy"). A tab's session is paused while any view has more than TAB_HIGH of it queued or in flight
 * (the engine then stops acknowledging the agent, which stops sending), and resumed once every view
 * is below TAB_LOW. A view that goes away no longer counts, so a closed window never stalls a session.
 */
export const FOREGROUND_WINDOW_CHARS = 64 * 1024;
export const BACKGROUND_WINDOW_CHARS = 64 * 1024;
export const TAB_HIGH_CHARS = 128 * 1024;
export const TAB_LOW_CHARS = 32 * 1024;
/** One message carries at most this much (whole queued chunks are never split). */
const FOREGROUND_MESSAGE_CHARS = 32 * 1024;
const BACKGROUND_MESSAGE_CHARS = 16 * 1024;

/** Sends output to a view: `position` is the end of the tab's output after `data`. */
export type OutputSender = (viewId: number, tabId: string, data: string, position: number) => void;

/** One tab's side of the flow control: what ShellTab uses. */
export interface TabFlow {
  readonly isPaused: boolean;
  /** The views its output goes to. */
  readonly views: number[];
  hasView(viewId: number): boolean;
  addView(viewId: number): void;
  removeView(viewId: number): void;
  /** Output for every attached view, queued and sent as the windows allow. */
  push(data: string, position: number): void;
  acknowledged(viewId: number, chars: number): void;
  /** The tab is gone. */
  dispose(): void;
}

interface Chunk {
  text: string;
  end: number;
}

/** One tab's output for one view. */
interface Lane {
  chunks: Chunk[];
  queued: number;
  inFlight: number;
  /** When it was last served, for the round-robin among equals. */
  servedAt: number;
}

interface View {
  foreground: string | undefined;
  lanes: Map<string, Lane>;
}

interface TabState {
  paused: boolean;
  pause(): void;
  resume(): void;
}

/** Every view's queues and windows, and which tabs are paused. */
export class OutputFlow {
  private readonly views = new Map<number, View>();
  private readonly tabs = new Map<string, TabState>();
  private turn = 0;

  constructor(private readonly send: OutputSender) {}

  forTab(tabId: string, pause: () => void, resume: () => void): TabFlow {
    const state: TabState = { paused: false, pause, resume };
    this.tabs.set(tabId, state);
    return new TabFlowHandle(this, tabId, state);
  }

  /** The tab the view shows (undefined: none, e.g. another view of the app is on screen). */
  setForeground(viewId: number, tabId: string | undefined): void {
    const view = this.view(viewId);
    view.foreground = tabId;
    this.drain(viewId, view);
  }

  /** A view went away: its queues are dropped and hold nothing back any more. */
  removeView(viewId: number): void {
    const view = this.views.get(viewId);
    this.views.delete(viewId);
    for (const tabId of view?.lanes.keys() ?? []) this.evaluate(tabId);
  }

  viewsOf(tabId: string): number[] {
    return [...this.views].filter(([, view]) => view.lanes.has(tabId)).map(([viewId]) => viewId);
  }

  attach(viewId: number, tabId: string): void {
    const view = this.view(viewId);
    if (!view.lanes.has(tabId)) view.lanes.set(tabId, { chunks: [], queued: 0, inFlight: 0, servedAt: 0 });
  }

  detach(viewId: number, tabId: string): void {
    this.views.get(viewId)?.lanes.delete(tabId);
    this.evaluate(tabId);
  }

  push(tabId: string, text: string, end: number): void {
    for (const [viewId, view] of this.views) {
      const lane = view.lanes.get(tabId);
      if (!lane) continue;
      lane.chunks.push({ text, end });
      lane.queued += text.length;
      this.drain(viewId, view);
    }
    this.evaluate(tabId);
  }

  acknowledged(viewId: number, tabId: string, chars: number): void {
    const view = this.views.get(viewId);
    const lane = view?.lanes.get(tabId);
    if (!view || !lane) return;
    lane.inFlight = Math.max(0, lane.inFlight - chars);
    this.drain(viewId, view);
    for (const id of view.lanes.keys()) this.evaluate(id);
  }

  forget(tabId: string): void {
    for (const view of this.views.values()) view.lanes.delete(tabId);
    this.tabs.delete(tabId);
  }

  private view(viewId: number): View {
    let view = this.views.get(viewId);
    if (!view) this.views.set(viewId, (view = { foreground: undefined, lanes: new Map() }));
    return view;
  }

  private drain(viewId: number, view: View): void {
    const front = view.foreground !== undefined ? view.lanes.get(view.foreground) : undefined;
    while (front && front.chunks.length > 0 && front.inFlight < FOREGROUND_WINDOW_CHARS) {
      this.sendFrom(viewId, view.foreground as string, front, FOREGROUND_MESSAGE_CHARS);
    }
    for (;;) {
      let inFlight = 0;
      let next: [string, Lane] | undefined;
      for (const entry of view.lanes) {
        if (entry[0] === view.foreground) continue;
        inFlight += entry[1].inFlight;
        const lane = entry[1];
        if (lane.chunks.length === 0) continue;
        const best = next?.[1];
        if (
          !best ||
          lane.inFlight < best.inFlight ||
          (lane.inFlight === best.inFlight && lane.servedAt < best.servedAt)
        ) {
          next = entry;
        }
      }
      if (!next || inFlight >= BACKGROUND_WINDOW_CHARS) return;
      this.sendFrom(viewId, next[0], next[1], BACKGROUND_MESSAGE_CHARS);
    }
  }

  /** Sends the lane's oldest chunks, whole, as one message of about `limit` characters. */
  private sendFrom(viewId: number, tabId: string, lane: Lane, limit: number): void {
    let text = '';
    let end = 0;
    while (lane.chunks.length > 0) {
      const chunk = lane.chunks[0] as Chunk;
      if (text.length > 0 && text.length + chunk.text.length > limit) break;
      lane.chunks.shift();
      text += chunk.text;
      end = chunk.end;
    }
    lane.queued -= text.length;
    lane.inFlight += text.length;
    lane.servedAt = ++this.turn;
    this.send(viewId, tabId, text, end);
  }

  private evaluate(tabId: string): void {
    const state = this.tabs.get(tabId);
    if (!state) return;
    let most = 0;
    for (const view of this.views.values()) {
      const lane = view.lanes.get(tabId);
      if (lane) most = Math.max(most, lane.queued + lane.inFlight);
    }
    if (!state.paused && most > TAB_HIGH_CHARS) {
      state.paused = true;
      state.pause();
    } else if (state.paused && most < TAB_LOW_CHARS) {
      state.paused = false;
      state.resume();
    }
  }
}

class TabFlowHandle implements TabFlow {
  constructor(
    private readonly flow: OutputFlow,
    private readonly tabId: string,
    private readonly state: TabState,
  ) {}

  get isPaused(): boolean {
    return this.state.paused;
  }

  get views(): number[] {
    return this.flow.viewsOf(this.tabId);
  }

  hasView(viewId: number): boolean {
    return this.flow.viewsOf(this.tabId).includes(viewId);
  }

  addView(viewId: number): void {
    this.flow.attach(viewId, this.tabId);
  }

  removeView(viewId: number): void {
    this.flow.detach(viewId, this.tabId);
  }

  push(data: string, position: number): void {
    this.flow.push(this.tabId, data, position);
  }

  acknowledged(viewId: number, chars: number): void {
    this.flow.acknowledged(viewId, this.tabId, chars);
  }

  dispose(): void {
    this.flow.forget(this.tabId);
  }
}
