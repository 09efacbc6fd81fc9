import './app.css';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import { IconSprite } from '../components/Icon';
import { NoticeArea } from '../components/NoticeArea';
import { Spinner } from '../components/Spinner';
import { TooltipLayer } from '../components/TooltipLayer';
import type { InstanceRow } from '../instances/instance-row';
import { InstancesView } from '../instances/InstancesView';
import type { Command } from '../keyboard/keymap';
import { useShortcuts, type ShortcutContext } from '../keyboard/use-shortcuts';
import { SettingsView } from '../settings/SettingsView';
import { useStore } from '../state/store';
import { useResolvedTheme } from '../theme/use-resolved-theme';
import type { AppModel } from './app-model';
import { AppHeader } from './AppHeader';
import { ConfirmCloseDialog } from './ConfirmCloseDialog';
import { ConnectionBanner } from './ConnectionBanner';
import { estimateTerminalSize } from './estimate-size';
import { NewShellDialog } from './NewShellDialog';
import type { TabActions } from './tab-actions';
import type { UiState, View } from './ui-state';

const loadTerminals = () => import('../terminals/TerminalsView');
const TerminalsView = lazy(loadTerminals);

export interface AppProps {
  model: AppModel;
  ui: UiState;
}

/** The window: header and views, the app-wide shortcuts, and the dialogs any view can open. */
export function App({ model, ui }: AppProps): ReactElement {
  const settings = useStore(model.settings);
  const theme = useResolvedTheme(settings.theme);
  const view = useStore(ui.view);
  const connection = useStore(model.connection);
  const { tabs } = useStore(model.tabs);
  const info = useStore(model.info);
  const activeTabId = useStore(ui.activeTabId);
  const [picker, setPicker] = useState(false);
  const [confirmClose, setConfirmClose] = useState<TabInfo | undefined>(undefined);
  const [terminalsWanted, setTerminalsWanted] = useState(view === 'terminals');
  const searchRef = useRef<HTMLInputElement>(null);

  // xterm.js loads with the Terminals view (kept once shown); fetched while idle so the switch is instant.
  if (view === 'terminals' && !terminalsWanted) setTerminalsWanted(true);
  useEffect(() => {
    const idle = window.requestIdleCallback?.(() => void loadTerminals()) ?? 0;
    return () => window.cancelIdleCallback?.(idle);
  }, []);

  const showView = useCallback((next: View) => ui.view.set(next), [ui]);

  // The window's title names what it shows: the selected tab in the Terminals view.
  const activeTitle = tabs.find((t) => t.tabId === activeTabId)?.title;
  useEffect(() => {
    const what = view === 'terminals' ? activeTitle : view === 'settings' ? 'Settings' : 'Instances';
    document.title = what ? `${what} — SSM Desk` : 'SSM Desk';
  }, [view, activeTitle]);

  const openShell = useCallback(
    (row: InstanceRow) => {
      const size = estimateTerminalSize(ui.terminalSize.get(), model.settings.get().terminal.fontSize);
      void model
        .attempt(`Opening a shell on ${row.displayName}`, () =>
          model.client.call('shell.open', { target: row.target, size }),
        )
        .then((tab) => {
          if (!tab) return;
          model.tabs.update((state) =>
            state.tabs.some((t) => t.tabId === tab.tabId) ? state : { ...state, tabs: [...state.tabs, tab] },
          );
          ui.showTab(tab.tabId);
        });
    },
    [model, ui],
  );

  const closeNow = useCallback(
    (tabId: string) => {
      const list = model.tabs.get().tabs;
      const index = list.findIndex((t) => t.tabId === tabId);
      if (ui.activeTabId.get() === tabId) {
        const neighbour = list[index + 1] ?? list[index - 1];
        ui.activeTabId.set(neighbour?.tabId);
      }
      model.tabs.update((state) => ({ ...state, tabs: state.tabs.filter((t) => t.tabId !== tabId) }));
      void model.attempt('Closing the tab', () => model.client.call('tabs.close', { tabId }));
    },
    [model, ui],
  );

  const tabActions = useMemo<TabActions>(() => {
    const reorder = (order: readonly string[]): void => {
      model.tabs.update((state) => {
        const byId = new Map(state.tabs.map((t) => [t.tabId, t]));
        const ordered = order.flatMap((id) => byId.get(id) ?? []);
        return { ...state, tabs: [...ordered, ...state.tabs.filter((t) => !order.includes(t.tabId))] };
      });
      void model.attempt('Moving the tab', () => model.client.call('tabs.reorder', { order: [...order] }));
    };
    return {
      select: (tabId) => ui.showTab(tabId),
      close: (tabId) => {
        const tab = model.tabs.get().tabs.find((t) => t.tabId === tabId);
        if (!tab) return;
        if (tab.state !== 'ended' && model.settings.get().confirmCloseRunning) setConfirmClose(tab);
        else closeNow(tabId);
      },
      rename: (tabId, title) => {
        model.tabs.update((state) => ({
          ...state,
          tabs: state.tabs.map((t) => (t.tabId === tabId ? { ...t, title } : t)),
        }));
        void model.attempt('Renaming the tab', () => model.client.call('tabs.rename', { tabId, title }));
      },
      duplicate: (tabId) => {
        void model
          .attempt('Duplicating the tab', () => model.client.call('tabs.duplicate', { tabId }))
          .then((tab) => {
            if (!tab) return;
            model.tabs.update((state) =>
              state.tabs.some((t) => t.tabId === tab.tabId)
                ? state
                : { ...state, tabs: [...state.tabs, tab] },
            );
            ui.showTab(tab.tabId);
          });
      },
      reconnect: (tabId) => {
        void model.attempt('Reconnecting', () => model.client.call('shell.reconnect', { tabId }));
        ui.sendTerminalCommand('focus');
      },
      move: (tabId, delta) => {
        const order = model.tabs.get().tabs.map((t) => t.tabId);
        const index = order.indexOf(tabId);
        const target = index + delta;
        if (index < 0 || target < 0 || target >= order.length) return;
        order.splice(index, 1);
        order.splice(target, 0, tabId);
        reorder(order);
      },
      reorder,
      newTab: () => setPicker(true),
    };
  }, [model, ui, closeNow]);

  const handleShortcut = (command: Command, context: ShortcutContext): boolean => {
    const inTerminals = view === 'terminals';
    const activeIndex = tabs.findIndex((t) => t.tabId === activeTabId);
    const active = tabs[activeIndex];
    const selectAt = (index: number): boolean => {
      const tab = tabs[(index + tabs.length) % tabs.length];
      if (tab) ui.showTab(tab.tabId);
      return tab !== undefined;
    };
    if (command === 'view.instances' || command === 'view.terminals' || command === 'view.settings') {
      showView(command.slice(5) as View);
      if (command === 'view.terminals') ui.sendTerminalCommand('focus');
      return true;
    }
    if (command === 'tab.new') {
      setPicker(true);
      return true;
    }
    if (command === 'instances.search' || (command === 'terminal.find' && view === 'instances')) {
      if (view !== 'instances' || (command === 'instances.search' && context.inEditable)) return false;
      searchRef.current?.focus();
      searchRef.current?.select();
      return true;
    }
    if (!inTerminals || tabs.length === 0) return false;
    if (command.startsWith('tab.goto')) return selectAt(Number(command.slice(8)) - 1);
    switch (command) {
      case 'tab.next':
        return selectAt(activeIndex + 1);
      case 'tab.previous':
        return selectAt(activeIndex - 1);
      case 'tab.close':
        if (active) tabActions.close(active.tabId);
        return true;
      case 'tab.duplicate':
        if (active) tabActions.duplicate(active.tabId);
        return true;
      case 'tab.moveLeft':
      case 'tab.moveRight':
        if (active) tabActions.move(active.tabId, command === 'tab.moveLeft' ? -1 : 1);
        return true;
      case 'terminal.find':
        ui.sendTerminalCommand('find');
        return true;
      case 'terminal.copy':
      case 'terminal.paste':
        if (!context.inTerminal) return false;
        ui.sendTerminalCommand(command === 'terminal.copy' ? 'copy' : 'paste');
        return true;
      case 'zoom.in':
      case 'zoom.out':
      case 'zoom.reset':
        ui.zoom.update((zoom) =>
          command === 'zoom.reset' ? 0 : Math.max(-6, Math.min(16, zoom + (command === 'zoom.in' ? 1 : -1))),
        );
        return true;
      default:
        return false;
    }
  };
  useShortcuts(handleShortcut);

  const linkDown = connection.status !== 'open';
  return (
    <div className="app">
      <IconSprite />
      <AppHeader view={view} onView={showView} tabCount={tabs.length} info={info} />
      <ConnectionBanner connection={connection} />
      <main
        className={linkDown ? 'views views-offline' : 'views'}
        inert={linkDown && connection.generation > 0}
      >
        <div
          role="tabpanel"
          id="view-instances"
          aria-labelledby="view-tab-instances"
          className="view-slot"
          hidden={view !== 'instances'}
        >
          <InstancesView
            model={model}
            onOpenShell={openShell}
            onOpenSettings={() => showView('settings')}
            searchRef={searchRef}
          />
        </div>
        <div
          role="tabpanel"
          id="view-terminals"
          aria-labelledby="view-tab-terminals"
          className="view-slot"
          hidden={view !== 'terminals'}
        >
          {terminalsWanted && (
            <Suspense
              fallback={
                <div className="view-loading">
                  <Spinner size={18} /> Loading terminals…
                </div>
              }
            >
              <TerminalsView
                model={model}
                ui={ui}
                theme={theme}
                actions={tabActions}
                visible={view === 'terminals'}
                onShowInstances={() => showView('instances')}
              />
            </Suspense>
          )}
        </div>
        <div
          role="tabpanel"
          id="view-settings"
          aria-labelledby="view-tab-settings"
          className="view-slot"
          hidden={view !== 'settings'}
        >
          <SettingsView model={model} />
        </div>
      </main>
      <NoticeArea notices={model.notices} />
      <TooltipLayer />
      {picker && <NewShellDialog model={model} onOpen={openShell} onClose={() => setPicker(false)} />}
      {confirmClose && (
        <ConfirmCloseDialog
          tab={confirmClose}
          onCancel={() => setConfirmClose(undefined)}
          onConfirm={(dontAskAgain) => {
            setConfirmClose(undefined);
            if (dontAskAgain) {
              void model.attempt('Saving settings', () =>
                model.client.call('settings.update', { confirmCloseRunning: false }),
              );
            }
            closeNow(confirmClose.tabId);
          }}
        />
      )}
    </div>
  );
}
