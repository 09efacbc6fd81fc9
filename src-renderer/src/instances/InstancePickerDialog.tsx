import { useId, useMemo, useState, type ReactElement } from 'react';
import type { AppModel } from '../app/app-model';
import { Dialog } from '../components/Dialog';
import { useStore } from '../state/store';
import { whyNotConnectable } from './instance-actions';
import { applyQuery, DEFAULT_QUERY } from './instance-query';
import { buildRows, profileLabels, type InstanceRow } from './instance-row';
import { PingPill } from './InstanceStatus';

const MAX_SHOWN = 80;

export interface InstancePickerDialogProps {
  model: AppModel;
  /** The dialog's title ("New shell", "Tunnel to orders-db through…"). */
  title: string;
  /** What Enter does, for the hint under the list ("open a shell"). */
  action: string;
  /** Only these instances are offered (all when absent). */
  filter?: (row: InstanceRow) => boolean;
  onChoose: (row: InstanceRow) => void;
  onClose: () => void;
}

/**
 * Picks an instance: type to narrow them, arrows to choose, Enter to take it (the new-shell picker,
 * Ctrl+Shift+T, and "Tunnel through…"). A combobox over a listbox, so it works by keyboard alone and
 * reads well in a screen reader.
 */
export function InstancePickerDialog({
  model,
  title,
  action,
  filter,
  onChoose,
  onClose,
}: InstancePickerDialogProps): ReactElement {
  const inventory = useStore(model.inventory);
  const profiles = useStore(model.profiles);
  const [search, setSearch] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const listId = useId();

  const rows = useMemo(() => {
    const labels = profileLabels(profiles);
    const all = buildRows(inventory, labels);
    return filter ? all.filter(filter) : all;
  }, [inventory, profiles, filter]);
  const matches = useMemo(() => {
    const found = applyQuery(rows, { ...DEFAULT_QUERY, search }, inventory.favourites);
    // Instances that can take a session come first; favourites stay on top within them.
    return [...found.filter((r) => r.connectable), ...found.filter((r) => !r.connectable)].slice(
      0,
      MAX_SHOWN,
    );
  }, [rows, search, inventory.favourites]);
  const active = matches[Math.min(activeIndex, matches.length - 1)];

  const choose = (row: InstanceRow | undefined): void => {
    if (!row?.connectable) return;
    onClose();
    onChoose(row);
  };

  return (
    <Dialog title={title} onClose={onClose} size="medium" className="picker-dialog">
      <input
        role="combobox"
        className="text-input picker-input"
        aria-label="Instance"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active ? `${listId}-${active.key}` : undefined}
        placeholder="Type a name, ID, tag or IP"
        value={search}
        autoFocus
        data-autofocus
        spellCheck={false}
        onChange={(event) => {
          setSearch(event.target.value);
          setActiveIndex(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActiveIndex((i) => Math.min(matches.length - 1, i + 1));
          else if (event.key === 'ArrowUp') setActiveIndex((i) => Math.max(0, i - 1));
          else if (event.key === 'Enter') choose(active);
          else return;
          event.preventDefault();
        }}
      />
      <ul id={listId} role="listbox" aria-label="Instances" className="picker-list">
        {matches.map((row) => {
          const blocked = whyNotConnectable(row);
          return (
            <li
              key={row.key}
              id={`${listId}-${row.key}`}
              role="option"
              aria-selected={row === active}
              aria-disabled={blocked !== undefined || undefined}
              aria-description={`${row.record.instanceId}, ${row.target.region}, ${row.profileLabel}`}
              className={row === active ? 'picker-option picker-option-active' : 'picker-option'}
              ref={(element) => {
                if (row === active) element?.scrollIntoView({ block: 'nearest' });
              }}
              onPointerDown={(event) => event.preventDefault()}
              onClick={() => choose(row)}
              onPointerMove={() => setActiveIndex(matches.indexOf(row))}
            >
              <span className="picker-name">{row.displayName}</span>
              <span className="picker-meta mono">{row.record.instanceId}</span>
              <span className="picker-meta">
                {row.target.region} · {row.profileLabel}
              </span>
              <PingPill ping={row.ping} />
            </li>
          );
        })}
        {matches.length === 0 && (
          <li className="picker-empty" role="presentation">
            {rows.length === 0 ? 'No instances listed yet.' : 'No instance matches.'}
          </li>
        )}
      </ul>
      <p className="picker-hint muted">
        <kbd>↑</kbd> <kbd>↓</kbd> to choose, <kbd>Enter</kbd> to {action}, <kbd>Esc</kbd> to cancel
      </p>
    </Dialog>
  );
}
