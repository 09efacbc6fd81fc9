/** What can be done to terminal tabs, from the tab strip, its menus and the keyboard shortcuts. */
export interface TabActions {
  select(tabId: string): void;
  /** Asks first when the session still runs and the settings say to. */
  close(tabId: string): void;
  rename(tabId: string, title: string): void;
  duplicate(tabId: string): void;
  reconnect(tabId: string): void;
  /** Moves the tab one place left (-1) or right (+1). */
  move(tabId: string, delta: -1 | 1): void;
  reorder(order: readonly string[]): void;
  /** Opens the new-shell picker. */
  newTab(): void;
  /** The tabs whose input is shared from now on (fewer than two ends sharing). */
  broadcast(tabIds: readonly string[]): void;
  /** Starts or stops recording the tab's output. */
  record(tabId: string, on: boolean): void;
}
