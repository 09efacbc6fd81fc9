import './app.css';
import '../profiles/profiles.css';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { FleetRun } from '../../../src-shared/model/fleet';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { TargetRef } from '../../../src-shared/model/target';
import { IconSprite } from '../components/Icon';
import { NoticeArea } from '../components/NoticeArea';
import { TabPanel } from '../components/TabPanel';
import { ViewErrorBoundary } from './ViewErrorBoundary';
import { TooltipLayer } from '../components/TooltipLayer';
import type { InstanceRow } from '../instances/instance-row';
import { profileLabel, profileLabels } from '../instances/instance-row';
import { InstancePickerDialog } from '../instances/InstancePickerDialog';
import { InstancesView } from '../instances/InstancesView';
import type { Command } from '../keyboard/keymap';
import { useShortcuts, type ShortcutContext } from '../keyboard/use-shortcuts';
import { activeProfile, IdentityCache } from '../profiles/identity-cache';
import { MfaDialog } from '../profiles/MfaDialog';
import { ProfileButton } from '../profiles/ProfileButton';
import { ProfilesDialog } from '../profiles/ProfilesDialog';
import { SsoSignInDialog } from '../profiles/SsoSignInDialog';
import { SettingsView } from '../settings/SettingsView';
import { useStore } from '../state/store';
import { useResolvedTheme } from '../theme/use-resolved-theme';
import type { AppModel } from './app-model';
import { AppHeader } from './AppHeader';
import { ConfirmCloseDialog } from './ConfirmCloseDialog';
import { ConnectionBanner } from './ConnectionBanner';
import { estimateTerminalSize } from './estimate-size';
import { ViewLoading } from './ViewLoading';
import type { TabActions } from './tab-actions';
import type { UiState, View } from './ui-state';

const loadTerminals = () => import('../terminals/TerminalsView');
const TerminalsView = lazy(loadTerminals);
// The workspace's views load when first shown (each its own chunk).
const TunnelsView = lazy(() => import('../tunnels/TunnelsView'));
const FleetView = lazy(() => import('../fleet/FleetView'));
const RecordingsView = lazy(() => import('../recordings/RecordingsView'));
const HistoryView = lazy(() => import('../history/HistoryView'));

const VIEW_TITLES: Record<View, string> = {
  instances: 'Instances',
  terminals: 'Terminals',
  tunnels: 'Tunnels',
  fleet: 'Fleet',
  recordings: 'Recordings',
  history: 'History',
  settings: 'Settings',
};

export interface AppProps {
  model: AppModel;
  ui: UiState;
}

interface SignIn {
  profile: string;
  label: string;
}

/** The window: header and views, the app-wide shortcuts, and the dialogs any view can open. */
export function App({ model, ui }: AppProps): ReactElement {
  const settings = useStore(model.settings);
  const theme = useResolvedTheme(settings.theme);
  const view = useStore(ui.view);
  const connection = useStore(model.connection);
  const { tabs } = useStore(model.tabs);
  const info = useStore(model.info);
  const profiles = useStore(model.profiles);
  const inventory = useStore(model.inventory);
  const mfaPending = useStore(model.mfa.pending);
  const activeTabId = useStore(ui.activeTabId);
  const [picker, setPicker] = useState(false);
  const [confirmClose, setConfirmClose] = useState<TabInfo | undefined>(undefined);
  const [profilesOpen, setProfilesOpen] = useState(false);
  const [signIn, setSignIn] = useState<SignIn | undefined>(undefined);
  const [identities] = useState(() => new IdentityCache(model));
  // Views load with their first showing and stay mounted after (their state and scroll kept).
  const [shown, setShown] = useState<ReadonlySet<View>>(() => new Set([view]));
  const searchRef = useRef<HTMLInputElement>(null);

  if (!shown.has(view)) setShown(new Set([...shown, view]));
  // xterm.js is fetched while idle, so the first switch to Terminals is instant.
  useEffect(() => {
    const idle = window.requestIdleCallback?.(() => void loadTerminals()) ?? 0;
    return () => window.cancelIdleCallback?.(idle);
  }, []);

  const showView = useCallback((next: View) => ui.view.set(next), [ui]);

  // The window's title names what it shows: the selected tab in the Terminals view.
  const activeTitle = tabs.find((t) => t.tabId === activeTabId)?.title;
  useEffect(() => {
    const what = view === 'terminals' ? activeTitle : VIEW_TITLES[view];
    document.title = what ? `${what} — SSM Desk` : 'SSM Desk';
  }, [view, activeTitle]);

  const openShellOn = useCallback(
    (target: TargetRef, name: string) => {
      const size = estimateTerminalSize(ui.terminalSize.get(), model.settings.get().terminal.fontSize);
      void model
        .attempt(`Opening a shell on ${name}`, () => model.client.call('shell.open', { target, size }))
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
  const openShell = useCallback(
    (row: InstanceRow) => openShellOn(row.target, row.displayName),
    [openShellOn],
  );

  const fleetStarted = useCallback(
    (run: FleetRun) => {
      ui.fleetRunId.set(run.runId);
      showView('fleet');
    },
    [ui, showView],
  );

  const labels = useMemo(() => profileLabels(profiles), [profiles]);
  const startSignIn = useCallback(
    (profile: string) => setSignIn({ profile, label: profileLabel(profile, labels) }),
    [labels],
  );
  const signedIn = useCallback(
    (profile: string) => {
      void identities.check(profile);
      void model.attempt('Listing the instances again', () =>
        model.client.call('inventory.refresh', { profile }),
      );
    },
    [identities, model],
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
      broadcast: (tabIds) => {
        void model.attempt('Sharing input', () =>
          model.client.call('tabs.broadcast', { tabIds: [...tabIds] }),
        );
      },
      record: (tabId, on) => {
        void model
          .attempt(on ? 'Starting the recording' : 'Stopping the recording', () =>
            model.client.call('tabs.record', { tabId, on }),
          )
          .then((done) => {
            if (done)
              model.notices.push('info', on ? 'Recording the session' : 'Recording saved (see Recordings)');
          });
      },
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
    if (command.startsWith('view.')) {
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

  const active = activeProfile(settings, profiles, inventory);
  const mfa = mfaPending[0];
  const linkDown = connection.status !== 'open';

  const slot = (id: View, content: ReactNode): ReactElement => (
    <TabPanel id={`view-${id}`} tabId={`view-tab-${id}`} className="view-slot" hidden={view !== id}>
      {shown.has(id) && (
        <ViewErrorBoundary what={VIEW_TITLES[id].toLowerCase()}>
          <Suspense fallback={<ViewLoading what={VIEW_TITLES[id].toLowerCase()} />}>{content}</Suspense>
        </ViewErrorBoundary>
      )}
    </TabPanel>
  );

  return (
    <div className="app">
      <IconSprite />
      <AppHeader
        view={view}
        onView={showView}
        tabCount={tabs.length}
        info={info}
        emulatorBadge={active?.kind !== 'emulator'}
        profile={
          <ProfileButton
            model={model}
            profile={active}
            identities={identities}
            onOpen={() => setProfilesOpen(true)}
          />
        }
      />
      <ConnectionBanner connection={connection} />
      <main
        className={linkDown ? 'views views-offline' : 'views'}
        inert={linkDown && connection.generation > 0}
      >
        <TabPanel
          id="view-instances"
          tabId="view-tab-instances"
          className="view-slot"
          hidden={view !== 'instances'}
        >
          <InstancesView
            model={model}
            onOpenShell={openShell}
            onOpenSettings={() => showView('settings')}
            onShowView={showView}
            onFleetStarted={fleetStarted}
            onSignIn={startSignIn}
            searchRef={searchRef}
          />
        </TabPanel>
        {slot(
          'terminals',
          <TerminalsView
            model={model}
            ui={ui}
            theme={theme}
            actions={tabActions}
            visible={view === 'terminals'}
            onShowInstances={() => showView('instances')}
          />,
        )}
        {slot('tunnels', <TunnelsView model={model} />)}
        {slot('fleet', <FleetView model={model} ui={ui} onShowInstances={() => showView('instances')} />)}
        {slot(
          'recordings',
          <RecordingsView model={model} theme={theme} onShowTerminals={() => showView('terminals')} />,
        )}
        {slot('history', <HistoryView model={model} onReopen={openShellOn} />)}
        <TabPanel
          id="view-settings"
          tabId="view-tab-settings"
          className="view-slot"
          hidden={view !== 'settings'}
        >
          <SettingsView model={model} />
        </TabPanel>
      </main>
      <NoticeArea notices={model.notices} />
      <TooltipLayer />
      {picker && (
        <InstancePickerDialog
          model={model}
          title="New shell"
          action="open a shell"
          onChoose={openShell}
          onClose={() => setPicker(false)}
        />
      )}
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
      {profilesOpen && (
        <ProfilesDialog
          model={model}
          identities={identities}
          activeId={active?.id}
          onSignIn={(profile: ProfileInfo) => startSignIn(profile.id)}
          onClose={() => setProfilesOpen(false)}
        />
      )}
      {signIn && (
        <SsoSignInDialog
          key={signIn.profile}
          model={model}
          profile={signIn.profile}
          profileLabel={signIn.label}
          onSignedIn={signedIn}
          onClose={() => setSignIn(undefined)}
        />
      )}
      {mfa && (
        <MfaDialog
          key={mfa.requestId}
          model={model}
          request={mfa}
          profileLabel={profileLabel(mfa.profile, labels)}
        />
      )}
    </div>
  );
}
