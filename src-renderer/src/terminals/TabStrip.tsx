import {
  useCallback,
  useEffect,
  useState,
  type DragEvent,
  type KeyboardEvent,
  type ReactElement,
} from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { TabActions } from '../app/tab-actions';
import { IconButton } from '../components/IconButton';
import { Menu } from '../components/Menu';
import { shortcutLabel } from '../keyboard/keymap';
import { BroadcastDialog } from './BroadcastDialog';
import { TerminalTab } from './TerminalTab';

const DRAG_TYPE = 'application/x-ssm-desk-tab';

export interface TabStripProps {
  tabs: readonly TabInfo[];
  activeId: string | undefined;
  actions: TabActions;
}

/**
 * The row of terminal tabs (a tablist): arrows move between tabs, Delete closes, F2 renames, the
 * context menu (right click, Shift+F10) duplicates and moves, and tabs can be dragged into order.
 */
export function TabStrip({ tabs, activeId, actions }: TabStripProps): ReactElement {
  const [menu, setMenu] = useState<{ tab: TabInfo; at: { x: number; y: number } } | undefined>(undefined);
  const [renamingId, setRenamingId] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState<string | undefined>(undefined);
  const [dropAt, setDropAt] = useState<{ tabId: string; side: 'before' | 'after' } | undefined>(undefined);
  const [broadcastFrom, setBroadcastFrom] = useState<TabInfo | undefined>(undefined);

  const focusTab = (tabId: string): void => {
    actions.select(tabId);
    requestAnimationFrame(() => document.getElementById(`tab-${tabId}`)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'tab') return;
    const index = tabs.findIndex((t) => `tab-${t.tabId}` === (event.target as HTMLElement).id);
    if (index < 0) return;
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = tabs.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[next];
    if (tab) focusTab(tab.tabId);
  };

  const onDragStart = useCallback((event: DragEvent, tabId: string) => {
    event.dataTransfer.setData(DRAG_TYPE, tabId);
    event.dataTransfer.effectAllowed = 'move';
    setDragging(tabId);
  }, []);
  const onDragOver = (event: DragEvent, tabId: string): void => {
    if (!dragging || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    const side = event.clientX < rect.left + rect.width / 2 ? 'before' : 'after';
    if (dropAt?.tabId !== tabId || dropAt.side !== side) setDropAt({ tabId, side });
  };
  const onDragEnd = (): void => {
    setDragging(undefined);
    setDropAt(undefined);
  };
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    const moved = event.dataTransfer.getData(DRAG_TYPE) || dragging;
    if (moved && dropAt && moved !== dropAt.tabId) {
      const order = tabs.map((t) => t.tabId).filter((id) => id !== moved);
      const at = order.indexOf(dropAt.tabId) + (dropAt.side === 'after' ? 1 : 0);
      order.splice(at, 0, moved);
      actions.reorder(order);
    }
    onDragEnd();
  };

  // The selected tab stays in view when many tabs overflow the strip.
  useEffect(() => {
    if (activeId)
      document.getElementById(`tab-${activeId}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeId]);

  const menuTab = menu?.tab;
  const menuIndex = menuTab ? tabs.findIndex((t) => t.tabId === menuTab.tabId) : -1;
  return (
    <div className="tabstrip">
      <div
        role="tablist"
        aria-label="Terminal tabs"
        className="tablist"
        onKeyDown={onKeyDown}
        onWheel={(event) => {
          if (event.deltaY !== 0) event.currentTarget.scrollLeft += event.deltaY;
        }}
      >
        {tabs.map((tab) => (
          <TerminalTab
            key={tab.tabId}
            tab={tab}
            active={tab.tabId === activeId}
            actions={actions}
            onContextMenu={(t, at) => setMenu({ tab: t, at })}
            renaming={renamingId === tab.tabId}
            onRenamingChange={(on) => {
              setRenamingId(on ? tab.tabId : undefined);
              if (!on) requestAnimationFrame(() => document.getElementById(`tab-${tab.tabId}`)?.focus());
            }}
            drop={dropAt?.tabId === tab.tabId && dragging !== tab.tabId ? dropAt.side : undefined}
            onDragStart={onDragStart}
            onDragOver={onDragOver}
            onDragEnd={onDragEnd}
            onDrop={onDrop}
          />
        ))}
      </div>
      <IconButton icon="plus" label="New tab" note={shortcutLabel('tab.new')} onClick={actions.newTab} />
      {menu && menuTab && (
        <Menu
          label={`${menuTab.title} tab`}
          at={menu.at}
          onClose={(reason) => {
            setMenu(undefined);
            if (reason !== 'outside' && reason !== 'select')
              document.getElementById(`tab-${menuTab.tabId}`)?.focus();
          }}
          items={[
            {
              label: 'Rename',
              icon: 'pencil',
              shortcut: 'F2',
              onSelect: () => setRenamingId(menuTab.tabId),
            },
            {
              label: 'Duplicate',
              icon: 'copy',
              shortcut: shortcutLabel('tab.duplicate'),
              onSelect: () => actions.duplicate(menuTab.tabId),
            },
            ...(menuTab.state === 'ended'
              ? [
                  {
                    label: 'Reconnect',
                    icon: 'refresh' as const,
                    onSelect: () => actions.reconnect(menuTab.tabId),
                  },
                ]
              : []),
            {
              label: 'Broadcast input…',
              icon: 'broadcast',
              note: menuTab.broadcast ? 'This tab shares its input' : undefined,
              disabled: tabs.length < 2,
              onSelect: () => setBroadcastFrom(menuTab),
            },
            ...(menuTab.broadcast
              ? [
                  {
                    label: 'Stop broadcasting',
                    onSelect: () => actions.broadcast([]),
                  },
                ]
              : []),
            {
              label: menuTab.recording ? 'Stop recording' : 'Record session',
              icon: 'record',
              disabled: !menuTab.recording && menuTab.state === 'ended',
              onSelect: () => actions.record(menuTab.tabId, !menuTab.recording),
            },
            {
              label: 'Move left',
              shortcut: shortcutLabel('tab.moveLeft'),
              disabled: menuIndex <= 0,
              onSelect: () => actions.move(menuTab.tabId, -1),
            },
            {
              label: 'Move right',
              shortcut: shortcutLabel('tab.moveRight'),
              disabled: menuIndex < 0 || menuIndex >= tabs.length - 1,
              onSelect: () => actions.move(menuTab.tabId, 1),
            },
            {
              label: 'Close',
              icon: 'close',
              shortcut: shortcutLabel('tab.close'),
              onSelect: () => actions.close(menuTab.tabId),
            },
          ]}
        />
      )}
      {broadcastFrom && (
        <BroadcastDialog
          tabs={tabs}
          from={broadcastFrom}
          onBroadcast={actions.broadcast}
          onClose={() => {
            setBroadcastFrom(undefined);
            requestAnimationFrame(() => document.getElementById(`tab-${broadcastFrom.tabId}`)?.focus());
          }}
        />
      )}
    </div>
  );
}
