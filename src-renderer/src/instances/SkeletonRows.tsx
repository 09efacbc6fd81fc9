import type { ReactElement } from 'react';
import { COLUMNS } from './columns';

const WIDTHS = [70, 55, 85, 60, 75, 50, 90, 65];

/** Placeholder rows while the first scopes load: same height as real rows, so nothing moves. */
export function SkeletonRows({ count = 12 }: { count?: number }): ReactElement {
  return (
    <div className="skeleton-rows" aria-hidden="true">
      {Array.from({ length: count }, (_, row) => (
        <div key={row} className="grid-row skeleton-row">
          {COLUMNS.map((column, col) => (
            <div key={column.id} className="cell">
              {column.id !== 'select' && column.id !== 'favourite' && column.id !== 'actions' && (
                <span
                  className="skeleton"
                  style={{ width: `${WIDTHS[(row + col) % WIDTHS.length] ?? 60}%` }}
                />
              )}
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
