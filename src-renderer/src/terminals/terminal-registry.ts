import type { TabInfo } from '../../../src-shared/model/tab';
import type { AppModel } from '../app/app-model';
import type { UiState } from '../app/ui-state';
import { OutputScheduler } from './output-scheduler';
import { TerminalSession, type TerminalLook } from './terminal-session';

/** Browsers allow a handful of WebGL contexts per page: only the most recently shown tabs keep one. */
const WEBGL_TERMINALS = 6;

export interface SearchState {
  index: number;
  count: number;
}

/**
 * The terminals of this window, one per core tab: created when a tab appears, attached to its
 * session, reattached when the link to the core comes back, disposed when the tab goes away.
 *
 * It also tells the core which tab is on screen (`shell.focus`: the Terminals view is shown and
 * the page is visible), whose output then comes in a window of its own, and writes only that tab's
 * output at once: the others' waits for the scheduler's per-frame budget.
 */
export class TerminalRegistry {
  private readonly sessions = new Map<string, TerminalSession>();
  private readonly recent: string[] = [];
  private look: TerminalLook;
  private readonly stops: (() => void)[] = [];
  private generation: number;
  private readonly scheduler = new OutputScheduler();
  /** The tab the Terminals view shows (undefined while another view is shown). */
  private shownTab: string | undefined;
  /** What the core was last told is on screen (null: nothing; undefined: not told on this link). */
  private focusSent: string | null | undefined;
  readonly searchListeners = new Set<(tabId: string, state: SearchState) => void>();

  constructor(
    private readonly model: AppModel,
    private readonly ui: UiState,
    look: TerminalLook,
  ) {
    this.look = look;
    this.generation = model.connection.get().generation;
  }

  start(): () => void {
    this.generation = this.model.connection.get().generation;
    this.stops.push(
      this.model.client.on('shell.output', (payload) => {
        this.sessions.get(payload.tabId)?.output(payload.data, payload.position);
      }),
      this.model.tabs.subscribe(() => this.sync()),
      this.model.connection.subscribe(() => {
        const { status, generation } = this.model.connection.get();
        if (status !== 'open' || generation === this.generation) return;
        // A new link to the core: this view is a new one there, so every tab is attached again,
        // and the core is told again which one is on screen.
        this.generation = generation;
        for (const session of this.sessions.values()) void session.attach();
        this.focusSent = undefined;
        this.updateForeground();
      }),
    );
    const onVisibility = (): void => this.updateForeground();
    document.addEventListener('visibilitychange', onVisibility);
    this.stops.push(() => document.removeEventListener('visibilitychange', onVisibility));
    this.sync();
    this.updateForeground();
    return () => this.dispose();
  }

  /** The tab the Terminals view shows, or undefined when another view is shown. */
  setShownTab(tabId: string | undefined): void {
    if (tabId === this.shownTab) return;
    this.shownTab = tabId;
    this.updateForeground();
  }

  /** The tab on screen: shown by the Terminals view, in a page the user can see. */
  private get foregroundTab(): string | undefined {
    return document.visibilityState === 'hidden' ? undefined : this.shownTab;
  }

  private updateForeground(): void {
    const foreground = this.foregroundTab;
    for (const [tabId, session] of this.sessions) session.setForeground(tabId === foreground);
    const tabId = foreground !== undefined && this.sessions.has(foreground) ? foreground : null;
    if (tabId === this.focusSent || this.model.connection.get().status !== 'open') return;
    this.focusSent = tabId;
    this.model.client.call('shell.focus', { tabId }).catch(() => {
      // A tab closed meanwhile, or the link dropped (a reconnect tells the core again).
      if (this.focusSent === tabId) this.focusSent = undefined;
    });
  }

  private sync(): void {
    const { tabs } = this.model.tabs.get();
    const present = new Set(tabs.map((t) => t.tabId));
    for (const [tabId, session] of this.sessions) {
      if (!present.has(tabId)) {
        session.dispose();
        this.sessions.delete(tabId);
        const at = this.recent.indexOf(tabId);
        if (at >= 0) this.recent.splice(at, 1);
      }
    }
    const open = this.model.connection.get().status === 'open';
    for (const tab of tabs) {
      const session = this.sessionFor(tab);
      if (open && !session.attached) void session.attach();
      session.setEnded(tab.state === 'ended');
    }
    // A tab shown before its terminal existed (just opened) comes on screen now.
    this.updateForeground();
  }

  /** The tab's terminal, made on first use (a panel may ask before the first sync). */
  private sessionFor(tab: TabInfo): TerminalSession {
    let session = this.sessions.get(tab.tabId);
    if (!session) {
      session = this.create(tab);
      this.sessions.set(tab.tabId, session);
      session.setEnded(tab.state === 'ended');
      session.setForeground(tab.tabId === this.foregroundTab);
    }
    return session;
  }

  private create(tab: TabInfo): TerminalSession {
    const { client } = this.model;
    return new TerminalSession(tab.tabId, client, this.scheduler, this.look, {
      openLink: (url) => {
        void this.model.attempt('Opening the link', () => client.call('app.openExternal', { url }));
      },
      resized: (size) => this.ui.terminalSize.set(size),
      enterWhileEnded: () => {
        void this.model.attempt('Reconnecting', () => client.call('shell.reconnect', { tabId: tab.tabId }));
      },
      searchResults: (state) => {
        for (const listener of this.searchListeners) listener(tab.tabId, state);
      },
    });
  }

  get(tabId: string): TerminalSession | undefined {
    return this.sessions.get(tabId);
  }

  /** The tab is on screen: mount it, give it a WebGL renderer, take the oldest one's away. */
  show(tab: TabInfo, container: HTMLElement): void {
    const tabId = tab.tabId;
    const session = this.sessionFor(tab);
    session.mount(container);
    const at = this.recent.indexOf(tabId);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(tabId);
    session.useWebgl(true);
    for (const old of this.recent.slice(WEBGL_TERMINALS)) this.sessions.get(old)?.useWebgl(false);
  }

  setLook(look: TerminalLook): void {
    this.look = look;
    for (const session of this.sessions.values()) session.setLook(look);
  }

  private dispose(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
    this.recent.length = 0;
    this.scheduler.clear();
  }
}
