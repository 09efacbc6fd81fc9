import { useLayoutEffect, useRef, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { TabActions } from '../app/tab-actions';
import { TerminalStatusBar } from './TerminalStatusBar';
import type { TerminalRegistry } from './terminal-registry';

export interface TerminalPanelProps {
  tab: TabInfo;
  active: boolean;
  registry: TerminalRegistry;
  actions: TabActions;
  size: { cols: number; rows: number } | undefined;
  children?: ReactElement | false;
}

/** A tab's panel: its terminal (kept mounted while hidden, so nothing is lost) and its status line. */
export function TerminalPanel({
  tab,
  active,
  registry,
  actions,
  size,
  children,
}: TerminalPanelProps): ReactElement {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (active && host.current) registry.show(tab, host.current);
    // Only a change of tab or visibility moves the terminal; state changes do not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, registry, tab.tabId]);

  return (
    <div
      role="tabpanel"
      id={`panel-${tab.tabId}`}
      aria-labelledby={`tab-${tab.tabId}`}
      className="terminal-panel"
      hidden={!active}
    >
      <div className="terminal-frame">
        <div ref={host} className="terminal-container" />
        {children}
      </div>
      <TerminalStatusBar tab={tab} size={active ? size : undefined} actions={actions} />
    </div>
  );
}
