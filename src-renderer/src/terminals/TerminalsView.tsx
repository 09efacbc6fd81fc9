import '@xterm/xterm/css/xterm.css';
import './terminals.css';
import { useEffect, useLayoutEffect, useMemo, useState, type ReactElement } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import type { AppModel } from '../app/app-model';
import { copyText } from '../app/clipboard';
import type { TabActions } from '../app/tab-actions';
import type { UiState } from '../app/ui-state';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { shortcutLabel } from '../keyboard/keymap';
import { useStore } from '../state/store';
import type { ResolvedTheme } from '../theme/use-resolved-theme';
import { FindBar } from './FindBar';
import { TabStrip } from './TabStrip';
import { TerminalPanel } from './TerminalPanel';
import { TerminalRegistry, type SearchState } from './terminal-registry';
import { searchColours, xtermTheme } from './xterm-theme';

export interface TerminalsViewProps {
  model: AppModel;
  ui: UiState;
  theme: ResolvedTheme;
  actions: TabActions;
  visible: boolean;
  onShowInstances: () => void;
}

const MIN_FONT = 8;
const MAX_FONT = 40;

/** The terminal tabs: the strip, one panel per tab (xterm.js), find, copy and paste. Loaded lazily. */
export default function TerminalsView({
  model,
  ui,
  theme,
  actions,
  visible,
  onShowInstances,
}: TerminalsViewProps): ReactElement {
  const { tabs, loaded } = useStore(model.tabs);
  const settings = useStore(model.settings);
  const zoom = useStore(ui.zoom);
  const activeId = useStore(ui.activeTabId);
  const size = useStore(ui.terminalSize);
  const look = useMemo(
    () => ({
      fontFamily: settings.terminal.fontFamily,
      fontSize: Math.min(MAX_FONT, Math.max(MIN_FONT, settings.terminal.fontSize + zoom)),
      scrollback: settings.terminal.scrollback,
      cursorBlink: settings.terminal.cursorBlink,
      theme: xtermTheme(theme),
    }),
    [settings.terminal, zoom, theme],
  );
  const [registry] = useState(() => new TerminalRegistry(model, ui, look));
  useEffect(() => registry.start(), [registry]);
  useEffect(() => registry.setLook(look), [registry, look]);

  const active = tabs.find((t) => t.tabId === activeId) ?? tabs[0];
  const [find, setFind] = useState<{ tabId: string; token: number } | undefined>(undefined);
  const [results, setResults] = useState<{ tabId: string; state: SearchState } | undefined>(undefined);
  useEffect(() => {
    const listener = (tabId: string, state: SearchState): void => setResults({ tabId, state });
    registry.searchListeners.add(listener);
    return () => {
      registry.searchListeners.delete(listener);
    };
  }, [registry]);

  // The active tab follows what exists: a closed tab hands over to a neighbour (App picks it).
  useEffect(() => {
    if (loaded && active && active.tabId !== activeId) ui.activeTabId.set(active.tabId);
  }, [loaded, active, activeId, ui]);

  // The core sends the tab on screen its output first, and the registry writes it at once: before
  // the panel is painted (what the tab kept while hidden is written first).
  useLayoutEffect(
    () => registry.setShownTab(visible ? active?.tabId : undefined),
    [registry, visible, active?.tabId],
  );

  // Focus goes to the terminal whenever its tab is shown.
  useEffect(() => {
    if (!visible || !active) return;
    const frame = requestAnimationFrame(() => {
      if (!document.activeElement?.closest('.tabstrip, .find-bar, dialog'))
        registry.get(active.tabId)?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [visible, active?.tabId, registry]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(
    () =>
      ui.onTerminalCommand((command) => {
        if (!active) return;
        const session = registry.get(active.tabId);
        if (!session) return;
        if (command === 'find') setFind((f) => ({ tabId: active.tabId, token: (f?.token ?? 0) + 1 }));
        else if (command === 'focus') session.focus();
        else if (command === 'copy') {
          const text = session.selection();
          if (text) void copyText(text);
        } else if (command === 'paste') {
          navigator.clipboard.readText().then(
            (text) => {
              if (text) session.paste(text);
              session.focus();
            },
            () => model.notices.push('warning', 'The browser did not allow reading the clipboard'),
          );
        }
      }),
    [ui, registry, active, model],
  );

  const findOptions = (options: ISearchOptions): ISearchOptions => ({
    ...options,
    decorations: searchColours(theme),
  });

  return (
    <section className="view terminals-view" aria-label="Terminals">
      {tabs.length > 0 && <TabStrip tabs={tabs} activeId={active?.tabId} actions={actions} />}
      <div className="terminal-stack">
        {tabs.map((tab) => (
          <TerminalPanel
            key={tab.tabId}
            tab={tab}
            active={tab.tabId === active?.tabId}
            registry={registry}
            actions={actions}
            size={size}
          >
            {find?.tabId === tab.tabId && (
              <FindBar
                focusToken={find.token}
                results={results?.tabId === tab.tabId ? results.state : undefined}
                onFind={(text, direction, options) =>
                  registry.get(tab.tabId)?.find(text, direction, findOptions(options))
                }
                onClose={() => {
                  registry.get(tab.tabId)?.clearFind();
                  setFind(undefined);
                  registry.get(tab.tabId)?.focus();
                }}
              />
            )}
          </TerminalPanel>
        ))}
        {loaded && tabs.length === 0 && (
          <EmptyState
            icon="terminal"
            title="No shells open"
            actions={
              <>
                <Button variant="primary" icon="plus" onClick={actions.newTab}>
                  New shell…
                </Button>
                <Button onClick={onShowInstances}>Browse instances</Button>
              </>
            }
          >
            Open a shell from the instance list, or press <kbd>{shortcutLabel('tab.new')}</kbd> to pick an
            instance.
          </EmptyState>
        )}
      </div>
    </section>
  );
}
