import type { SortKey } from './instance-query';

export interface Column {
  id: SortKey | 'select' | 'favourite' | 'actions';
  label: string;
  /** A CSS grid track: fixed for short values, flexible (with a floor) for text. */
  width: string;
  sortable: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: 'select', label: 'Selected', width: '34px', sortable: false },
  { id: 'favourite', label: 'Favourite', width: '30px', sortable: false },
  { id: 'name', label: 'Name', width: 'minmax(110px, 1fr)', sortable: true },
  { id: 'id', label: 'Instance ID', width: '152px', sortable: true },
  { id: 'state', label: 'State', width: '84px', sortable: true },
  { id: 'ping', label: 'Ping status', width: '132px', sortable: true },
  { id: 'platform', label: 'Platform', width: 'minmax(130px, 1.3fr)', sortable: true },
  { id: 'agent', label: 'Agent', width: '84px', sortable: true },
  { id: 'ip', label: 'Private IP', width: '114px', sortable: true },
  { id: 'scope', label: 'Region', width: 'minmax(120px, 0.8fr)', sortable: true },
  { id: 'tags', label: 'Tags', width: 'minmax(116px, 1fr)', sortable: true },
  { id: 'actions', label: 'Actions', width: '122px', sortable: false },
];

/** The narrowest the grid gets before it scrolls sideways (the sum of the tracks' floors). */
export const GRID_MIN_WIDTH = 34 + 30 + 110 + 152 + 84 + 132 + 130 + 84 + 114 + 120 + 116 + 122;

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');
