import { matchesTerms, searchTerms } from '../app/text-search';
import type { InstanceRow, PingKind } from './instance-row';

export type SortKey = 'name' | 'id' | 'state' | 'ping' | 'platform' | 'agent' | 'ip' | 'scope' | 'tags';

export interface InstanceQuery {
  search: string;
  ping: PingKind | 'all';
  /** A platform type (Linux, Windows, MacOS) or 'all'. */
  platform: string;
  /** 'Key=Value', or '' for any. */
  tag: string;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: InstanceQuery = {
  search: '',
  ping: 'all',
  platform: 'all',
  tag: '',
  sort: 'name',
  descending: false,
};

export function isFiltered(query: InstanceQuery): boolean {
  return query.search.trim() !== '' || query.ping !== 'all' || query.platform !== 'all' || query.tag !== '';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const PING_ORDER: Record<PingKind, number> = { Online: 0, ConnectionLost: 1, Inactive: 2, Unmanaged: 3 };

function compareVersions(a: string | undefined, b: string | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function ipValue(ip: string | undefined): number {
  if (!ip) return Number.MAX_SAFE_INTEGER;
  return ip.split('.').reduce((value, octet) => value * 256 + (Number(octet) || 0), 0);
}

const COMPARE: Record<SortKey, (a: InstanceRow, b: InstanceRow) => number> = {
  name: (a, b) => collator.compare(a.displayName, b.displayName),
  // Ids are hex: compared as text (numeric collation would read their digit runs as numbers).
  id: (a, b) => ordinal(a.record.instanceId, b.record.instanceId),
  state: (a, b) => collator.compare(a.record.state ?? '~', b.record.state ?? '~'),
  ping: (a, b) => PING_ORDER[a.ping] - PING_ORDER[b.ping],
  platform: (a, b) => collator.compare(a.platform || '~', b.platform || '~'),
  agent: (a, b) => compareVersions(a.record.agentVersion, b.record.agentVersion),
  ip: (a, b) => ipValue(a.record.privateIpAddress) - ipValue(b.record.privateIpAddress),
  scope: (a, b) =>
    collator.compare(a.profileLabel, b.profileLabel) || collator.compare(a.target.region, b.target.region),
  tags: (a, b) => collator.compare(a.tags.join(' ') || '~', b.tags.join(' ') || '~'),
};

/** The rows to show: filtered by the query, sorted by its column, favourites pinned on top. */
export function applyQuery(
  rows: readonly InstanceRow[],
  query: InstanceQuery,
  favourites: ReadonlySet<string>,
): InstanceRow[] {
  const terms = searchTerms(query.search);
  const filtered = rows.filter(
    (row) =>
      (query.ping === 'all' || row.ping === query.ping) &&
      (query.platform === 'all' || row.record.platformType === query.platform) &&
      (query.tag === '' || row.tags.includes(query.tag)) &&
      matchesTerms(row.haystack, terms),
  );
  const compare = COMPARE[query.sort];
  const direction = query.descending ? -1 : 1;
  return filtered.sort((a, b) => {
    const pinned = Number(favourites.has(b.key)) - Number(favourites.has(a.key));
    if (pinned !== 0) return pinned;
    return direction * compare(a, b) || COMPARE.name(a, b) || collator.compare(a.key, b.key);
  });
}

/** The choices the filter menus offer, from what is listed. */
export function filterOptions(rows: readonly InstanceRow[]): { platforms: string[]; tags: string[] } {
  const platforms = new Set<string>();
  const tags = new Set<string>();
  for (const row of rows) {
    if (row.record.platformType) platforms.add(row.record.platformType);
    for (const tag of row.tags) tags.add(tag);
  }
  return { platforms: [...platforms].sort(collator.compare), tags: [...tags].sort(collator.compare) };
}
