import type { KeyboardEvent, ReactElement, ReactNode } from 'react';
import type { AppInfo } from '../../../src-shared/contract/app-info';
import { Icon, type IconName } from '../components/Icon';
import { shortcutLabel, type Command } from '../keyboard/keymap';
import type { View } from './ui-state';

interface NavItem {
  view: View;
  label: string;
  icon: IconName;
  command: Command;
}

const NAV: NavItem[] = [
  { view: 'instances', label: 'Instances', icon: 'server', command: 'view.instances' },
  { view: 'terminals', label: 'Terminals', icon: 'terminal', command: 'view.terminals' },
  { view: 'tunnels', label: 'Tunnels', icon: 'forward', command: 'view.tunnels' },
  { view: 'fleet', label: 'Fleet', icon: 'layers', command: 'view.fleet' },
  { view: 'recordings', label: 'Recordings', icon: 'film', command: 'view.recordings' },
  { view: 'history', label: 'History', icon: 'history', command: 'view.history' },
  { view: 'settings', label: 'Settings', icon: 'settings', command: 'view.settings' },
];

export interface AppHeaderProps {
  view: View;
  onView: (view: View) => void;
  tabCount: number;
  info: AppInfo | undefined;
  /** The profile indicator, after the views. */
  profile?: ReactNode;
  /** Say that the built-in emulator is in use (when the profile indicator does not already). */
  emulatorBadge?: boolean;
}

/** The title bar: the app's mark, the views (a tablist), and whether the built-in emulator is in use. */
export function AppHeader({
  view,
  onView,
  tabCount,
  info,
  profile,
  emulatorBadge = true,
}: AppHeaderProps): ReactElement {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = NAV.findIndex((item) => item.view === view);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % NAV.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + NAV.length) % NAV.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = NAV.length - 1;
    const item = next === undefined ? undefined : NAV[next];
    if (!item) return;
    event.preventDefault();
    onView(item.view);
    document.getElementById(`view-tab-${item.view}`)?.focus();
  };
  return (
    <header className="app-header">
      <div className="brand" aria-hidden="true">
        <span className="brand-mark">
          <Icon name="terminal" size={14} />
        </span>
        <span className="brand-name">SSM Desk</span>
      </div>
      <div role="tablist" aria-label="Views" className="nav" onKeyDown={onKeyDown}>
        {NAV.map((item) => (
          <button
            key={item.view}
            type="button"
            role="tab"
            id={`view-tab-${item.view}`}
            aria-selected={view === item.view}
            aria-controls={`view-${item.view}`}
            aria-keyshortcuts={shortcutLabel(item.command)}
            tabIndex={view === item.view ? 0 : -1}
            className={[
              'nav-tab',
              view === item.view && 'nav-tab-active',
              item.view === 'settings' && 'nav-tab-end',
            ]
              .filter(Boolean)
              .join(' ')}
            onClick={() => onView(item.view)}
          >
            <Icon name={item.icon} />
            <span className="nav-label">{item.label}</span>
            {item.view === 'terminals' && tabCount > 0 && (
              <span className="nav-count" aria-hidden="true">
                {tabCount}
              </span>
            )}
          </button>
        ))}
      </div>
      {profile}
      {info?.emulator && emulatorBadge && (
        <span
          className="emulator-badge"
          tabIndex={0}
          data-tooltip="Local emulator"
          data-tooltip-note="Shells and instances come from SSM Desk’s built-in emulator; no AWS account is used."
          aria-description="Shells and instances come from SSM Desk’s built-in emulator; no AWS account is used."
        >
          <Icon name="chip" size={13} />
          Local emulator
        </span>
      )}
    </header>
  );
}
