import './history.css';
import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import type { HistoryEntry } from '../../../src-shared/model/history';
import type { TargetRef } from '../../../src-shared/model/target';
import type { AppModel } from '../app/app-model';
import { formatDuration, formatWhen, plural } from '../app/format';
import { matchesTerms, searchTerms, searchText } from '../app/text-search';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { Icon, type IconName } from '../components/Icon';
import { SearchField } from '../components/SearchField';
import { RegionProfileCell } from '../components/RegionProfileCell';
import { VirtualTable, type RowState, type TableColumn } from '../components/VirtualTable';
import { profileLabel, profileLabels } from '../instances/instance-row';
import { useStore } from '../state/store';
import { describeOutcome, entryName, KIND_WORDS } from './history-words';
import { HistoryModel } from './history-model';

const COLUMNS: readonly TableColumn[] = [
  { id: 'kind', label: 'Kind', width: '104px' },
  { id: 'instance', label: 'Instance', width: 'minmax(170px, 1.2fr)' },
  { id: 'detail', label: 'What', width: 'minmax(160px, 1.4fr)' },
  { id: 'scope', label: 'Where', width: 'minmax(140px, 0.9fr)' },
  { id: 'started', label: 'Started', width: '110px' },
  { id: 'duration', label: 'Duration', width: '90px' },
  { id: 'end', label: 'How it ended', width: 'minmax(170px, 1.2fr)' },
  { id: 'actions', label: 'Actions', width: '100px', hideLabel: true },
];

const KIND_ICONS: Record<HistoryEntry['kind'], IconName> = {
  shell: 'terminal',
  tunnel: 'forward',
  command: 'run',
};

type KindFilter = HistoryEntry['kind'] | 'all';

const entryKey = (entry: HistoryEntry): string => entry.id;

export interface HistoryViewProps {
  model: AppModel;
  /** Reopen: a new shell on the same instance, in a new tab. */
  onReopen: (target: TargetRef, name: string) => void;
}

/** What the app opened, when, on which instance and profile, and how it ended; reopen a shell from it. */
export default function HistoryView({ model, onReopen }: HistoryViewProps): ReactElement {
  const [history] = useState(() => new HistoryModel(model));
  useEffect(() => history.start(), [history]);
  const list = useStore(history.list);
  const profiles = useStore(model.profiles);
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');
  const [clearing, setClearing] = useState(false);
  const labels = useMemo(() => profileLabels(profiles), [profiles]);

  const shown = useMemo(() => {
    const terms = searchTerms(search);
    return list.entries.filter((entry) => {
      if (kind !== 'all' && entry.kind !== kind) return false;
      if (terms.length === 0) return true;
      const text = searchText([
        entry.name,
        entry.target.instanceId,
        entry.target.region,
        entry.target.profile,
        entry.detail,
        entry.sessionId,
      ]);
      return matchesTerms(text, terms);
    });
  }, [list.entries, search, kind]);

  const reopen = useCallback((entry: HistoryEntry) => onReopen(entry.target, entryName(entry)), [onReopen]);

  const renderRow = useCallback(
    (entry: HistoryEntry, { tabIndex }: RowState) => {
      const outcome = describeOutcome(entry);
      const end = entry.endedAt;
      return (
        <>
          <div role="gridcell" className="vt-cell">
            <Icon name={KIND_ICONS[entry.kind]} size={14} className="history-kind-icon" />
            {KIND_WORDS[entry.kind]}
          </div>
          <div role="gridcell" className="vt-cell vt-cell-stack">
            <span className="vt-strong truncate">{entryName(entry)}</span>
            <span className="vt-sub mono truncate">{entry.name ? entry.target.instanceId : ''}</span>
          </div>
          <div role="gridcell" className="vt-cell vt-cell-stack" title={entry.detail}>
            <span className={entry.kind === 'command' ? 'mono truncate' : 'truncate'}>
              {entry.detail ?? (entry.kind === 'shell' ? 'Interactive shell' : '—')}
            </span>
            {entry.sessionId && <span className="vt-sub mono truncate">{entry.sessionId}</span>}
          </div>
          <RegionProfileCell
            region={entry.target.region}
            profile={profileLabel(entry.target.profile, labels)}
          />
          <div role="gridcell" className="vt-cell" title={new Date(entry.startedAt).toLocaleString()}>
            {formatWhen(entry.startedAt)}
          </div>
          <div role="gridcell" className="vt-cell vt-cell-num">
            {end === undefined ? <span className="muted">—</span> : formatDuration(end - entry.startedAt)}
          </div>
          <div role="gridcell" className="vt-cell" title={entry.end?.message}>
            <span className={`history-end history-end-${outcome.tone} truncate`}>{outcome.text}</span>
          </div>
          <div role="gridcell" className="vt-cell vt-cell-end">
            {entry.kind === 'shell' && (
              <Button className="btn-small" icon="terminal" tabIndex={tabIndex} onClick={() => reopen(entry)}>
                Reopen
              </Button>
            )}
          </div>
        </>
      );
    },
    [labels, reopen],
  );

  let empty: ReactElement | undefined;
  if (list.loaded && list.entries.length === 0) {
    empty = (
      <EmptyState
        icon="history"
        title={list.error ? 'Could not load the history' : 'No sessions yet'}
        tone={list.error ? 'error' : 'neutral'}
      >
        {list.error ??
          'Shells, tunnels and fleet commands are listed here as they start, with how they ended.'}
      </EmptyState>
    );
  } else if (list.entries.length > 0 && shown.length === 0) {
    empty = (
      <EmptyState
        icon="search"
        title="Nothing matches"
        actions={
          <Button
            onClick={() => {
              setSearch('');
              setKind('all');
            }}
          >
            Clear search and filter
          </Button>
        }
      />
    );
  }

  return (
    <section className="view work-view history-view" aria-label="History">
      <div className="work-toolbar">
        <SearchField
          className="history-search"
          label="Search history"
          placeholder="Search instance, command, tunnel, session…"
          value={search}
          onChange={setSearch}
        />
        <select
          className="select"
          aria-label="Kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as KindFilter)}
        >
          <option value="all">Every kind</option>
          <option value="shell">Shells</option>
          <option value="tunnel">Tunnels</option>
          <option value="command">Commands</option>
        </select>
        <span className="work-toolbar-spacer" />
        <span className="work-count" aria-live="polite">
          {list.loaded ? plural(list.entries.length, 'session') : ''}
        </span>
        <Button icon="trash" onClick={() => setClearing(true)} disabled={list.entries.length === 0}>
          Clear history
        </Button>
      </div>
      <div className="work-card">
        <VirtualTable
          label="History"
          columns={COLUMNS}
          rows={shown}
          getKey={entryKey}
          getName={entryName}
          renderRow={renderRow}
          rowHeight={48}
          onActivate={(entry) => entry.kind === 'shell' && reopen(entry)}
          busy={!list.loaded}
          empty={empty}
        />
      </div>
      {clearing && (
        <ConfirmDialog
          title="Clear the history?"
          confirm="Clear history"
          onCancel={() => setClearing(false)}
          onConfirm={() => {
            setClearing(false);
            void model.attempt('Clearing the history', () => model.client.call('history.clear', {}));
          }}
        >
          Every entry is removed. Recordings and saved tunnels stay.
        </ConfirmDialog>
      )}
    </section>
  );
}
