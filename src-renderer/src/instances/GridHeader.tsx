import type { ReactElement } from 'react';
import { Icon } from '../components/Icon';
import { COLUMNS } from './columns';
import type { InstanceQuery, SortKey } from './instance-query';

export interface GridHeaderProps {
  query: InstanceQuery;
  onSort: (key: SortKey) => void;
  /** How many of the rows shown are selected (the header's checkbox selects them all). */
  selection: 'none' | 'some' | 'all';
  onSelectAll: (select: boolean) => void;
}

/**
 * The sticky header row: sortable columns are buttons, and aria-sort says which sorts. Keyboard: up
 * from the first row lands on the sorted column, left and right move along, down goes back.
 */
export function GridHeader({ query, onSort, selection, onSelectAll }: GridHeaderProps): ReactElement {
  return (
    <div role="rowgroup" className="grid-head">
      <div role="row" aria-rowindex={1} className="grid-row grid-header-row">
        {COLUMNS.map((column) => {
          if (column.id === 'select') {
            return (
              <div key={column.id} role="columnheader" className="cell cell-head cell-head-select">
                <input
                  type="checkbox"
                  className="select-all"
                  aria-label="Select every instance shown"
                  // Reached with the arrow keys from the other headers, as they are; Ctrl+A does the same.
                  tabIndex={-1}
                  checked={selection === 'all'}
                  ref={(element) => {
                    if (element) element.indeterminate = selection === 'some';
                  }}
                  onChange={(event) => onSelectAll(event.target.checked)}
                />
              </div>
            );
          }
          if (!column.sortable) {
            return (
              <div key={column.id} role="columnheader" className={`cell cell-head cell-head-${column.id}`}>
                {column.id === 'favourite' ? (
                  <>
                    <Icon name="star" size={14} />
                    <span className="visually-hidden">{column.label}</span>
                  </>
                ) : (
                  <span className="visually-hidden">{column.label}</span>
                )}
              </div>
            );
          }
          const sorted = query.sort === column.id;
          return (
            <div
              key={column.id}
              role="columnheader"
              aria-sort={sorted ? (query.descending ? 'descending' : 'ascending') : 'none'}
              className="cell cell-head"
            >
              <button
                type="button"
                className="sort-button"
                // Reached with the arrow keys from the rows (ArrowUp on the first), not with Tab.
                tabIndex={-1}
                data-sort={column.id}
                onClick={() => onSort(column.id as SortKey)}
              >
                <span className="truncate">{column.label}</span>
                <Icon
                  name={sorted && query.descending ? 'arrowDown' : 'arrowUp'}
                  size={12}
                  className={sorted ? 'sort-icon sort-icon-on' : 'sort-icon'}
                />
              </button>
            </div>
          );
        })}
      </div>
    </div>
  );
}
