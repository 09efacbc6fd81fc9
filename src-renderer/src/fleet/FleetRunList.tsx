import type { KeyboardEvent, ReactElement } from 'react';
import type { FleetRun } from '../../../src-shared/model/fleet';
import { formatWhen } from '../app/format';
import { Spinner } from '../components/Spinner';
import { countItems } from './fleet-words';

export interface FleetRunListProps {
  runs: readonly FleetRun[];
  selectedId: string | undefined;
  onSelect: (runId: string) => void;
}

/** The runs the core keeps, newest first; arrows move between them (a listbox). */
export function FleetRunList({ runs, selectedId, onSelect }: FleetRunListProps): ReactElement {
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const index = runs.findIndex((r) => r.runId === selectedId);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(runs.length - 1, index + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, index - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = runs.length - 1;
    const run = next === undefined ? undefined : runs[next];
    if (!run) return;
    event.preventDefault();
    onSelect(run.runId);
    requestAnimationFrame(() => document.getElementById(`fleet-run-${run.runId}`)?.focus());
  };
  return (
    <ul role="listbox" aria-label="Fleet runs" className="fleet-runs" onKeyDown={onKeyDown}>
      {runs.map((run, index) => {
        const counts = countItems(run);
        const selected = run.runId === selectedId || (selectedId === undefined && index === 0);
        const done = counts.succeeded + counts.failed + counts.cancelled;
        return (
          <li
            key={run.runId}
            id={`fleet-run-${run.runId}`}
            role="option"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'fleet-run fleet-run-selected' : 'fleet-run'}
            onClick={() => onSelect(run.runId)}
          >
            <span className="fleet-run-command mono">{run.command}</span>
            <span className="fleet-run-meta">
              {run.finishedAt === undefined && <Spinner size={10} />}
              <span>{formatWhen(run.startedAt)}</span>
              <span>
                {done}/{counts.total} done
              </span>
              {counts.failed > 0 && <span className="fleet-run-failed">{counts.failed} failed</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
