import { useState, type DragEvent, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { TabActions } from '../app/tab-actions';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { shortcutLabel } from '../keyboard/keymap';

export interface TerminalTabProps {
  tab: TabInfo;
  active: boolean;
  actions: TabActions;
  onContextMenu: (tab: TabInfo, at: { x: number; y: number }) => void;
  renaming: boolean;
  onRenamingChange: (renaming: boolean) => void;
  drop: 'before' | 'after' | undefined;
  onDragStart: (event: DragEvent, tabId: string) => void;
  onDragOver: (event: DragEvent, tabId: string) => void;
  onDragEnd: () => void;
  onDrop: (event: DragEvent) => void;
}

function stateDescription(tab: TabInfo): string {
  const parts = [tab.state === 'open' ? 'connected' : tab.state === 'ended' ? 'session ended' : tab.state];
  if (tab.encrypted) parts.push('encrypted with KMS');
  if (tab.broadcast) parts.push('input broadcast to the group');
  if (tab.recording) parts.push('recording');
  return parts.join(', ');
}

/** One tab (role tab, named by its title) with its state, the KMS lock, and a close button beside it. */
export function TerminalTab({
  tab,
  active,
  actions,
  onContextMenu,
  renaming,
  onRenamingChange,
  drop,
  onDragStart,
  onDragOver,
  onDragEnd,
  onDrop,
}: TerminalTabProps): ReactElement {
  const [draft, setDraft] = useState(tab.title);
  const failed = tab.state === 'ended' && tab.end?.kind === 'failed';
  const classes = [
    'tab',
    active && 'tab-active',
    `tab-${tab.state}`,
    failed && 'tab-failed',
    drop && `tab-drop-${drop}`,
  ]
    .filter(Boolean)
    .join(' ');

  const commit = (): void => {
    const title = draft.trim();
    onRenamingChange(false);
    if (title && title !== tab.title) actions.rename(tab.tabId, title.slice(0, 200));
  };

  return (
    <div
      className={classes}
      draggable={!renaming}
      onDragStart={(event) => onDragStart(event, tab.tabId)}
      onDragOver={(event) => onDragOver(event, tab.tabId)}
      onDragEnd={onDragEnd}
      onDrop={onDrop}
      onContextMenu={(event) => {
        event.preventDefault();
        onContextMenu(tab, { x: event.clientX, y: event.clientY });
      }}
      onAuxClick={(event) => {
        if (event.button === 1) actions.close(tab.tabId);
      }}
    >
      <span className="tab-state" aria-hidden="true">
        {tab.state === 'starting' || tab.state === 'reconnecting' ? (
          <Spinner size={11} />
        ) : (
          <span className="tab-dot" />
        )}
      </span>
      {tab.encrypted && <Icon name="lock" size={12} className="tab-lock" />}
      {tab.broadcast && <Icon name="broadcast" size={13} className="tab-broadcast" />}
      {tab.recording && <Icon name="record" size={10} className="tab-recording" />}
      {renaming ? (
        <input
          className="tab-rename"
          aria-label="Tab title"
          value={draft}
          maxLength={200}
          autoFocus
          onFocus={(event) => event.target.select()}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commit}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Enter') commit();
            else if (event.key === 'Escape') onRenamingChange(false);
          }}
        />
      ) : (
        <button
          type="button"
          role="tab"
          id={`tab-${tab.tabId}`}
          aria-selected={active}
          aria-controls={`panel-${tab.tabId}`}
          aria-description={stateDescription(tab)}
          tabIndex={active ? 0 : -1}
          className="tab-button"
          title={`${tab.title}\n${tab.target.instanceId} · ${tab.target.region}`}
          onClick={() => actions.select(tab.tabId)}
          onDoubleClick={() => {
            setDraft(tab.title);
            onRenamingChange(true);
          }}
          onKeyDown={(event) => {
            if (event.key === 'F2') {
              event.preventDefault();
              setDraft(tab.title);
              onRenamingChange(true);
            } else if (event.key === 'Delete') {
              event.preventDefault();
              actions.close(tab.tabId);
            } else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
              event.preventDefault();
              const rect = event.currentTarget.getBoundingClientRect();
              onContextMenu(tab, { x: rect.left, y: rect.bottom + 4 });
            }
          }}
        >
          <span className="tab-title">{tab.title}</span>
        </button>
      )}
      <button
        type="button"
        className="tab-close"
        aria-label={`Close ${tab.title}`}
        title={`Close (${shortcutLabel('tab.close') ?? ''})`}
        tabIndex={active ? 0 : -1}
        onClick={() => actions.close(tab.tabId)}
      >
        <Icon name="close" size={13} />
      </button>
    </div>
  );
}
