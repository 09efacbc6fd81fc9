import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { ContractClient } from '../../../src-shared/contract/contract-client';
import { MAX_INPUT_CHARS } from '../../../src-shared/contract/requests';
import type { OutputScheduler, ScheduledTerminal } from './output-scheduler';

/**
 * Acknowledge output at once from this many characters on, else with the next frame (the core's
 * windows are 64 Ki characters: four acknowledgements a window keep it flowing).
 */
const ACK_BATCH_CHARS = 16 * 1024;

/** Output waiting to be written; `ack` is what the core counts for it (0: the view's own text). */
interface Waiting {
  text: string;
  ack: number;
}

export interface TerminalLook {
  fontFamily: string;
  fontSize: number;
  scrollback: number;
  cursorBlink: boolean;
  theme: ITheme;
}

export interface TerminalSessionHooks {
  /** http(s) links (web-links addon, OSC 8): opened by the core in the system browser. */
  openLink(url: string): void;
  /** The terminal fitted to a new size (columns × rows). */
  resized(size: { cols: number; rows: number }): void;
  /** Enter was pressed in a tab whose session ended. */
  enterWhileEnded(): void;
  searchResults(results: { index: number; count: number }): void;
}

export type SearchDirection = 'next' | 'previous';

/**
 * One tab's terminal in this window: the xterm.js instance with its addons, attached to the core's
 * session. It replays the output the core kept, writes new output with flow-control acks, sends
 * input and every fitted size. The core owns the session; this only shows it.
 *
 * On screen (foreground) it writes output as it comes; otherwise output waits here and the
 * scheduler writes it from a per-frame budget shared by all hidden terminals. Only what was written
 * is acknowledged, so the core holds a hidden shell back once its window is full.
 */
export class TerminalSession implements ScheduledTerminal {
  readonly element: HTMLDivElement;
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly search = new SearchAddon({ highlightLimit: 2000 });
  private webgl: WebglAddon | undefined;
  private wantWebgl = false;
  private opened = false;
  private ended = false;
  private disposed = false;
  /** Output events are written only once the replay is in; earlier ones wait here. */
  private attachRound = 0;
  private attaching: { data: string; position: number; chars: number }[] | undefined;
  private attachedAt: number | undefined;
  private unacked = 0;
  private foreground = false;
  private readonly waiting: Waiting[] = [];
  private waitingTotal = 0;
  private sentSize: string | undefined;
  private readonly resizeObserver: ResizeObserver;
  private fitFrame = 0;

  constructor(
    readonly tabId: string,
    private readonly client: ContractClient,
    private readonly scheduler: OutputScheduler,
    look: TerminalLook,
    private readonly hooks: TerminalSessionHooks,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'terminal-host';
    this.term = new Terminal({
      ...look,
      allowProposedApi: true,
      drawBoldTextInBrightColors: false,
      fontWeightBold: 'bold',
      lineHeight: 1.15,
      macOptionIsMeta: false,
      rightClickSelectsWord: true,
      linkHandler: { activate: (_event, url) => this.openLink(url) },
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon((_event, url) => this.openLink(url)));
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.search.onDidChangeResults(({ resultIndex, resultCount }) =>
      this.hooks.searchResults({ index: resultIndex, count: resultCount }),
    );
    this.term.onData((data) => this.sendInput(data, false));
    this.term.onBinary((data) => this.sendInput(data, true));
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
  }

  /** Puts the terminal into its panel (opening xterm.js the first time, when it can measure). */
  mount(container: HTMLElement): void {
    if (this.element.parentElement !== container) container.append(this.element);
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.element);
      this.resizeObserver.observe(container);
    }
    this.scheduleFit();
  }

  /**
   * WebGL when the browser offers it (fetched only then; browsers allow few contexts, so only
   * recently shown tabs keep one). Without it, or when its context is lost, the DOM renderer draws.
   */
  useWebgl(on: boolean): void {
    this.wantWebgl = on;
    if (!this.opened || this.disposed) return;
    if (on && !this.webgl && webglAvailable()) {
      void loadWebgl().then((WebglAddonClass) => {
        if (!WebglAddonClass || !this.wantWebgl || this.webgl || this.disposed) return;
        try {
          const webgl = new WebglAddonClass();
          webgl.onContextLoss(() => {
            webgl.dispose();
            if (this.webgl === webgl) this.webgl = undefined;
          });
          this.term.loadAddon(webgl);
          this.webgl = webgl;
        } catch {
          this.webgl = undefined;
        }
      });
    } else if (!on && this.webgl) {
      this.webgl.dispose();
      this.webgl = undefined;
    }
  }

  /** attach() was called at least once (this view asked the core for the tab's output). */
  get attached(): boolean {
    return this.attachRound > 0;
  }

  get renderer(): 'webgl' | 'dom' {
    return this.webgl ? 'webgl' : 'dom';
  }

  /**
   * Starts (or, after the link to the core came back, restarts) this view's output: the core's
   * recent output is replayed into a clean terminal, then live output follows.
   */
  async attach(): Promise<void> {
    const round = ++this.attachRound;
    this.attaching = [];
    this.attachedAt = undefined;
    // What was waiting or unacknowledged belongs to the old link (a new view in the core).
    this.unacked = 0;
    this.dropWaiting();
    this.sentSize = undefined;
    let replay: { data: string; position: number };
    try {
      replay = await this.client.call('shell.attach', { tabId: this.tabId });
    } catch {
      if (round === this.attachRound) this.attaching = undefined;
      return;
    }
    if (round !== this.attachRound || this.disposed) return;
    const early = this.attaching ?? [];
    this.attaching = undefined;
    this.dropWaiting();
    this.term.reset();
    // The replay is written as output is: at once on screen, else from the hidden tabs' budget.
    this.writeOwn(replay.data);
    if (this.ended) this.writeOwn('\x1b[?25l');
    this.attachedAt = replay.position;
    for (const chunk of early) this.write(chunk.data, chunk.position, chunk.chars);
    this.scheduleFit();
  }

  /** Live output from the core (`position`: where the tab's output stands after this chunk). */
  output(data: string, position: number): void {
    if (this.attaching) {
      this.attaching.push({ data, position, chars: data.length });
      return;
    }
    if (this.attachRound === 0) return;
    this.write(data, position, data.length);
  }

  private write(data: string, position: number, chars: number): void {
    let text = data;
    if (this.attachedAt !== undefined) {
      // Drop what the replay already held; the core still counts it, so it is acknowledged.
      const already = this.attachedAt - (position - data.length);
      if (already >= data.length) text = '';
      else if (already > 0) text = data.slice(already);
    }
    if (!text && this.waiting.length === 0) {
      this.acknowledge(chars);
      return;
    }
    this.enqueue(text, chars);
  }

  /** Text of this view's own (the replay, cursor changes): written in order, never acknowledged. */
  private writeOwn(text: string): void {
    if (text) this.enqueue(text, 0);
  }

  /** On screen, written at once (behind whatever still waits); else it waits for the scheduler. */
  private enqueue(text: string, ack: number): void {
    if (this.foreground && this.waiting.length === 0) {
      this.writeNow(text, ack);
      return;
    }
    const last = this.waiting.at(-1);
    // Small chunks are joined, so a slice is a few large strings rather than many small ones.
    if (last && last.text.length < ACK_BATCH_CHARS) {
      last.text += text;
      last.ack += ack;
    } else this.waiting.push({ text, ack });
    this.waitingTotal += text.length;
    if (this.foreground) this.flushWaiting();
    else this.scheduler.wake(this);
  }

  private writeNow(text: string, ack: number, parsed?: (ms: number, chars: number) => void): void {
    const round = this.attachRound;
    const done = (): void => {
      if (round === this.attachRound && ack > 0) this.acknowledge(ack);
    };
    if (!text) {
      done();
      parsed?.(0, 0);
      return;
    }
    if (!parsed) {
      this.term.write(text, done);
      return;
    }
    // xterm.js parses a terminal's writes in order, in one task when nothing else waits in it: an
    // empty write just before marks when the parse of `text` starts.
    let start = 0;
    this.term.write('', () => {
      start = performance.now();
    });
    this.term.write(text, () => {
      parsed(start ? performance.now() - start : -1, text.length);
      done();
    });
  }

  get waitingChars(): number {
    return this.waitingTotal;
  }

  /** The scheduler's turn: up to `max` waiting characters go to xterm.js. */
  writeSlice(max: number, parsed: (ms: number, chars: number) => void): void {
    let text = '';
    let ack = 0;
    while (this.waiting.length > 0 && text.length < max) {
      const first = this.waiting[0] as Waiting;
      const room = max - text.length;
      if (first.text.length <= room) {
        this.waiting.shift();
        text += first.text;
        ack += first.ack;
      } else {
        // A cut inside an escape sequence or a surrogate pair is fine: xterm.js's parser keeps its
        // state between writes.
        const part = Math.min(first.ack, room);
        text += first.text.slice(0, room);
        first.text = first.text.slice(room);
        first.ack -= part;
        ack += part;
      }
    }
    this.waitingTotal -= text.length;
    this.writeNow(text, ack, parsed);
  }

  /** Everything waiting goes to xterm.js now (the tab came on screen). */
  private flushWaiting(): void {
    if (this.waiting.length === 0) return;
    const all = this.waiting.splice(0);
    this.waitingTotal = 0;
    this.scheduler.forget(this);
    this.writeNow(
      all.map((w) => w.text).join(''),
      all.reduce((sum, w) => sum + w.ack, 0),
    );
  }

  private dropWaiting(): void {
    this.waiting.length = 0;
    this.waitingTotal = 0;
    this.scheduler.forget(this);
  }

  /**
   * The tab is on screen (its output is written as it comes, and what waited is written now) or
   * no longer is (its output waits for the hidden terminals' budget).
   */
  setForeground(foreground: boolean): void {
    if (foreground === this.foreground) return;
    this.foreground = foreground;
    if (foreground) this.flushWaiting();
  }

  private acknowledge(chars: number): void {
    this.unacked += chars;
    if (this.unacked >= ACK_BATCH_CHARS) this.flushAck();
    else this.scheduler.ackSoon(this);
  }

  flushAck(): void {
    const chars = this.unacked;
    this.unacked = 0;
    if (chars > 0 && !this.disposed) {
      this.client.call('shell.ack', { tabId: this.tabId, chars }).catch(() => undefined);
    }
  }

  /** An ended session's terminal hides its cursor (nothing listens); a new session shows it again. */
  setEnded(ended: boolean): void {
    if (ended === this.ended) return;
    this.ended = ended;
    this.writeOwn(ended ? '\x1b[?25l' : '\x1b[?25h');
  }

  private sendInput(data: string, binary: boolean): void {
    if (this.ended) {
      if (data === '\r') this.hooks.enterWhileEnded();
      return;
    }
    for (let start = 0; start < data.length;) {
      let end = Math.min(data.length, start + MAX_INPUT_CHARS);
      // Never split a surrogate pair across two messages.
      if (end < data.length && /[\uD800-\uDBFF]/.test(data.charAt(end - 1))) end--;
      const chunk = data.slice(start, end);
      start = end;
      this.client
        .call(
          'shell.input',
          binary ? { tabId: this.tabId, data: chunk, binary } : { tabId: this.tabId, data: chunk },
        )
        .catch(() => undefined);
    }
  }

  private scheduleFit(): void {
    if (this.fitFrame || this.disposed) return;
    this.fitFrame = requestAnimationFrame(() => {
      this.fitFrame = 0;
      this.fitNow();
    });
  }

  /** Fits the terminal to its panel and tells the core the new size (the remote follows every fit). */
  fitNow(): void {
    if (!this.opened || this.disposed || this.element.offsetParent === null) return;
    const proposed = this.fit.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
    const cols = Math.max(2, Math.min(1000, proposed.cols));
    const rows = Math.max(1, Math.min(500, proposed.rows));
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
    const key = `${cols}x${rows}`;
    this.hooks.resized({ cols, rows });
    if (key === this.sentSize) return;
    this.sentSize = key;
    this.client.call('shell.resize', { tabId: this.tabId, size: { cols, rows } }).catch(() => {
      this.sentSize = undefined;
    });
  }

  setLook(look: TerminalLook): void {
    const options = this.term.options;
    if (options.fontFamily !== look.fontFamily) options.fontFamily = look.fontFamily;
    if (options.fontSize !== look.fontSize) options.fontSize = look.fontSize;
    if (options.scrollback !== look.scrollback) options.scrollback = look.scrollback;
    if (options.cursorBlink !== look.cursorBlink) options.cursorBlink = look.cursorBlink;
    if (options.theme !== look.theme) options.theme = look.theme;
    this.scheduleFit();
  }

  focus(): void {
    this.term.focus();
  }

  find(text: string, direction: SearchDirection, options: ISearchOptions): boolean {
    if (!text) {
      this.search.clearDecorations();
      this.hooks.searchResults({ index: -1, count: 0 });
      return false;
    }
    return direction === 'next'
      ? this.search.findNext(text, options)
      : this.search.findPrevious(text, options);
  }

  clearFind(): void {
    this.search.clearDecorations();
  }

  selection(): string {
    return this.term.getSelection();
  }

  paste(text: string): void {
    if (!this.ended) this.term.paste(text);
  }

  private openLink(url: string): void {
    if (/^https?:\/\//i.test(url)) this.hooks.openLink(url);
  }

  dispose(): void {
    if (this.disposed) return;
    this.flushAck();
    this.disposed = true;
    this.scheduler.forget(this);
    this.waiting.length = 0;
    cancelAnimationFrame(this.fitFrame);
    this.resizeObserver.disconnect();
    this.attachRound++;
    this.webgl?.dispose();
    this.term.dispose();
    this.element.remove();
  }
}

let webglModule: Promise<typeof WebglAddon | undefined> | undefined;

function loadWebgl(): Promise<typeof WebglAddon | undefined> {
  webglModule ??= import('@xterm/addon-webgl').then(
    (module) => module.WebglAddon,
    () => undefined,
  );
  return webglModule;
}

let webglSupport: boolean | undefined;

/** WebGL2 is missing in headless Chromium with --disable-gpu: the DOM renderer is used there. */
function webglAvailable(): boolean {
  if (webglSupport === undefined) {
    try {
      webglSupport = document.createElement('canvas').getContext('webgl2') !== null;
    } catch {
      webglSupport = false;
    }
  }
  return webglSupport;
}
