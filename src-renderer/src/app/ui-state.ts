import { Store } from '../state/store';

export type View = 'instances' | 'terminals' | 'tunnels' | 'fleet' | 'recordings' | 'history' | 'settings';

export const VIEWS: readonly View[] = [
  'instances',
  'terminals',
  'tunnels',
  'fleet',
  'recordings',
  'history',
  'settings',
];

/** Commands for the terminal view that the app's shortcuts (or menus) send to the active terminal. */
export type TerminalCommand = 'find' | 'copy' | 'paste' | 'focus';

const VIEW_KEY = 'ssm-desk.view';
const TAB_KEY = 'ssm-desk.activeTab';

function remembered(key: string): string | undefined {
  try {
    return sessionStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function remember(key: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Storage may be unavailable (private mode); the choice is then only kept in memory.
  }
}

/**
 * What this window shows (not the core's state): the view, the active tab, the terminal zoom. The
 * view and active tab survive a reload of the page (sessionStorage), as the tabs themselves do.
 */
export class UiState {
  readonly view = new Store<View>(parseView(remembered(VIEW_KEY)));
  readonly activeTabId = new Store<string | undefined>(remembered(TAB_KEY));
  /** Steps added to the configured font size by Ctrl+= / Ctrl+- (Ctrl+0 resets). */
  readonly zoom = new Store<number>(0);
  /** The last size a terminal fitted to: new tabs start at it. */
  readonly terminalSize = new Store<{ cols: number; rows: number } | undefined>(undefined);
  /** The fleet run the Fleet view shows (the one just started from the instance browser, say). */
  readonly fleetRunId = new Store<string | undefined>(undefined);
  private readonly commandListeners = new Set<(command: TerminalCommand) => void>();

  constructor() {
    this.view.subscribe(() => remember(VIEW_KEY, this.view.get()));
    this.activeTabId.subscribe(() => remember(TAB_KEY, this.activeTabId.get()));
  }

  showTab(tabId: string): void {
    this.activeTabId.set(tabId);
    this.view.set('terminals');
  }

  sendTerminalCommand(command: TerminalCommand): void {
    for (const listener of [...this.commandListeners]) listener(command);
  }

  onTerminalCommand(listener: (command: TerminalCommand) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }
}

function parseView(value: string | undefined): View {
  return VIEWS.find((view) => view === value) ?? 'instances';
}
