import { randomUUID } from 'node:crypto';
import type { TabInfo } from '../../../src-shared/model/tab.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import type { TerminalSize } from '../../sessions/terminal-io.js';
import { ContractFailure } from './contract-failure.js';
import { OutputFlow } from './flow-control.js';
import type { ShellStarter } from './shell-connection.js';
import { ShellTab, type ShellTabHooks } from './shell-tab.js';

export interface ShellTabsHooks {
  /** Output for one view; `position` is the end of the tab's output after `data`. */
  output(viewId: number, tabId: string, data: string, position: number): void;
  changed(tabs: TabInfo[]): void;
  /** A tab was opened: the tab's own lifecycle hooks (history, recording) for it. */
  opened?(tab: ShellTab): Pick<ShellTabHooks, 'sessionStarted' | 'sessionEnded'>;
}

/** The open terminal tabs, in the order the user put them. */
export class ShellTabs {
  private readonly tabs = new Map<string, ShellTab>();
  private readonly flow: OutputFlow;
  private order: string[] = [];
  private announce: NodeJS.Immediate | undefined;

  constructor(
    private readonly start: ShellStarter,
    private readonly hooks: ShellTabsHooks,
  ) {
    this.flow = new OutputFlow((viewId, tabId, data, position) =>
      hooks.output(viewId, tabId, data, position),
    );
  }

  list(): TabInfo[] {
    return this.order.map((id) => (this.tabs.get(id) as ShellTab).info());
  }

  get(tabId: string): ShellTab {
    const tab = this.tabs.get(tabId);
    if (!tab) throw new ContractFailure('not-found', `no tab ${tabId}`);
    return tab;
  }

  open(target: TargetRef, title: string, targetName: string | undefined, size: TerminalSize): TabInfo {
    const tabId = randomUUID();
    const lifecycle: Pick<ShellTabHooks, 'sessionStarted' | 'sessionEnded'> = {};
    const tab = new ShellTab(
      tabId,
      title,
      target,
      targetName,
      size,
      this.start,
      {
        changed: () => this.changed(),
        sessionStarted: (sessionId) => lifecycle.sessionStarted?.(sessionId),
        sessionEnded: (end) => lifecycle.sessionEnded?.(end),
      },
      this.flow,
    );
    this.tabs.set(tabId, tab);
    this.order.push(tabId);
    Object.assign(lifecycle, this.hooks.opened?.(tab));
    tab.connect();
    this.changed();
    return tab.info();
  }

  duplicate(tabId: string, size: TerminalSize): TabInfo {
    const tab = this.get(tabId);
    return this.open(tab.target, tab.title, tab.targetName, size);
  }

  rename(tabId: string, title: string): void {
    this.get(tabId).title = title;
    this.changed();
  }

  reorder(order: readonly string[]): void {
    const named = order.filter((id, index) => this.tabs.has(id) && order.indexOf(id) === index);
    this.order = [...named, ...this.order.filter((id) => !named.includes(id))];
    this.changed();
  }

  reconnect(tabId: string): TabInfo {
    const tab = this.get(tabId);
    if (!tab.ended) throw new ContractFailure('not-ended', 'the tab still has a session');
    tab.connect();
    return tab.info();
  }

  async close(tabId: string): Promise<void> {
    const tab = this.get(tabId);
    this.tabs.delete(tabId);
    this.order = this.order.filter((id) => id !== tabId);
    this.changed();
    await tab.close();
  }

  /**
   * Typed text for a tab: to every tab of the broadcast group when the tab is in it. False when the
   * tab itself could not take it (ended, or too much held).
   */
  input(tabId: string, data: string, binary: boolean): boolean {
    const tab = this.get(tabId);
    if (!tab.broadcast) return tab.input(data, binary);
    let taken = false;
    for (const member of this.tabs.values()) {
      if (member.broadcast && member.input(data, binary) && member === tab) taken = true;
    }
    return taken;
  }

  /** The tabs that share input from now on (an empty list ends broadcasting). */
  setBroadcast(tabIds: readonly string[]): void {
    for (const id of tabIds) this.get(id);
    for (const tab of this.tabs.values()) tab.broadcast = tabIds.length > 1 && tabIds.includes(tab.tabId);
    this.changed();
  }

  /** The tab a view shows: its output goes first (flow-control.ts). */
  setForeground(viewId: number, tabId: string | null): void {
    if (tabId !== null) this.get(tabId);
    this.flow.setForeground(viewId, tabId ?? undefined);
  }

  /** A view went away: it no longer holds back any tab's output. */
  detachView(viewId: number): void {
    this.flow.removeView(viewId);
  }

  async closeAll(): Promise<void> {
    const tabs = [...this.tabs.values()];
    this.tabs.clear();
    this.order = [];
    await Promise.allSettled(tabs.map((tab) => tab.close()));
  }

  /** Several changes in one turn (a burst of state events) reach the views as one list. */
  private changed(): void {
    this.announce ??= setImmediate(() => {
      this.announce = undefined;
      this.hooks.changed(this.list());
    });
  }
}
