import { useState, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';

export interface BroadcastDialogProps {
  tabs: readonly TabInfo[];
  /** The tab whose menu opened it: ticked from the start. */
  from: TabInfo;
  onBroadcast: (tabIds: readonly string[]) => void;
  onClose: () => void;
}

/**
 * Broadcast input: what is typed in any tab of the group goes to every tab of it (as iTerm2 and
 * Tabby do). Each receiving tab is marked in the strip and its status line.
 */
export function BroadcastDialog({ tabs, from, onBroadcast, onClose }: BroadcastDialogProps): ReactElement {
  const members = tabs.filter((t) => t.broadcast).map((t) => t.tabId);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(
    () => new Set(members.includes(from.tabId) ? members : [from.tabId]),
  );
  const open = tabs.filter((t) => t.state !== 'ended' || chosen.has(t.tabId));
  const count = open.filter((t) => chosen.has(t.tabId)).length;
  return (
    <Dialog
      title="Broadcast input"
      onClose={onClose}
      footer={
        <>
          {members.length > 0 && (
            <Button
              variant="ghost"
              onClick={() => {
                onBroadcast([]);
                onClose();
              }}
            >
              Stop broadcasting
            </Button>
          )}
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            icon="broadcast"
            disabled={count < 2}
            onClick={() => {
              onBroadcast(open.filter((t) => chosen.has(t.tabId)).map((t) => t.tabId));
              onClose();
            }}
          >
            {count < 2 ? 'Choose two or more tabs' : `Broadcast to ${count} tabs`}
          </Button>
        </>
      }
    >
      <p className="dialog-text">What you type in any of these tabs is sent to all of them.</p>
      <fieldset className="broadcast-tabs">
        <legend className="visually-hidden">Tabs that receive input</legend>
        {open.map((tab, index) => (
          <label key={tab.tabId} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.has(tab.tabId)}
              autoFocus={index === 0}
              data-autofocus={index === 0 || undefined}
              onChange={(event) => {
                const next = new Set(chosen);
                if (event.target.checked) next.add(tab.tabId);
                else next.delete(tab.tabId);
                setChosen(next);
              }}
            />
            <span className="truncate">{tab.title}</span>
            <span className="muted mono broadcast-id">{tab.target.instanceId}</span>
          </label>
        ))}
      </fieldset>
    </Dialog>
  );
}
