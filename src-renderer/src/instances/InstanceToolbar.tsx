import type { ReactElement, Ref } from 'react';
import { Button } from '../components/Button';
import { Icon } from '../components/Icon';
import { SearchField } from '../components/SearchField';
import { Spinner } from '../components/Spinner';
import { shortcutLabel } from '../keyboard/keymap';
import { isFiltered, type InstanceQuery } from './instance-query';
import type { PingKind } from './instance-row';

export interface InstanceToolbarProps {
  query: InstanceQuery;
  onChange: (change: Partial<InstanceQuery>) => void;
  platforms: readonly string[];
  tags: readonly string[];
  shown: number;
  total: number;
  loading: boolean;
  onRefresh: () => void;
  searchRef: Ref<HTMLInputElement>;
}

const PING_CHOICES: { value: PingKind | 'all'; label: string }[] = [
  { value: 'all', label: 'Any ping status' },
  { value: 'Online', label: 'Online' },
  { value: 'ConnectionLost', label: 'Connection lost' },
  { value: 'Inactive', label: 'Inactive' },
  { value: 'Unmanaged', label: 'Not managed' },
];

/** Search, the three filters, the count and Refresh. */
export function InstanceToolbar({
  query,
  onChange,
  platforms,
  tags,
  shown,
  total,
  loading,
  onRefresh,
  searchRef,
}: InstanceToolbarProps): ReactElement {
  const filtered = isFiltered(query);
  return (
    <div className="toolbar" role="search" aria-label="Find instances">
      <SearchField
        ref={searchRef}
        label="Search instances"
        aria-keyshortcuts={shortcutLabel('instances.search')}
        placeholder="Search name, ID, tag, IP, platform…"
        value={query.search}
        onChange={(search) => onChange({ search })}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && query.search) {
            event.stopPropagation();
            onChange({ search: '' });
          }
        }}
      />
      <select
        className="select"
        aria-label="Ping status"
        value={query.ping}
        onChange={(event) => onChange({ ping: event.target.value as PingKind | 'all' })}
      >
        {PING_CHOICES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <select
        className="select"
        aria-label="Platform"
        value={query.platform}
        onChange={(event) => onChange({ platform: event.target.value })}
      >
        <option value="all">Any platform</option>
        {platforms.map((platform) => (
          <option key={platform} value={platform}>
            {platform}
          </option>
        ))}
      </select>
      <select
        className="select select-tag"
        aria-label="Tag"
        value={query.tag}
        onChange={(event) => onChange({ tag: event.target.value })}
      >
        <option value="">Any tag</option>
        {query.tag && !tags.includes(query.tag) && <option value={query.tag}>{query.tag}</option>}
        {tags.map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <Button
        variant="ghost"
        icon="close"
        className={filtered ? 'clear-filters' : 'clear-filters hidden-keep-space'}
        aria-hidden={!filtered || undefined}
        tabIndex={filtered ? 0 : -1}
        onClick={() => onChange({ search: '', ping: 'all', platform: 'all', tag: '' })}
      >
        Clear filters
      </Button>
      <span className="toolbar-spacer" />
      <span className="result-count" aria-live="polite">
        {filtered ? `${shown.toLocaleString()} of ${total.toLocaleString()}` : total.toLocaleString()}{' '}
        {total === 1 ? 'instance' : 'instances'}
      </span>
      <Button variant="secondary" onClick={onRefresh} aria-label="Refresh" className="refresh-button">
        {loading ? <Spinner size={14} /> : <Icon name="refresh" />}
        <span>Refresh</span>
      </Button>
    </div>
  );
}
