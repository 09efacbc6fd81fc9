import type { ReactElement } from 'react';
import type { FleetRun } from '../../../src-shared/model/fleet';
import { formatDuration, formatWhen } from '../app/format';
import { Button } from '../components/Button';
import { countItems, summarise } from './fleet-words';

export interface FleetRunHeaderProps {
  run: FleetRun;
  onRerunFailed: () => void;
  onRunAgain: () => void;
  onCancel: () => void;
  onExport: (format: 'json' | 'csv') => void;
}

/** The run's command, progress and totals, and what can be done with it. */
export function FleetRunHeader({
  run,
  onRerunFailed,
  onRunAgain,
  onCancel,
  onExport,
}: FleetRunHeaderProps): ReactElement {
  const counts = countItems(run);
  const finished = run.finishedAt !== undefined;
  const done = counts.succeeded + counts.failed + counts.cancelled;
  const again = counts.failed + counts.cancelled;
  return (
    <header className="fleet-run-head">
      <div className="fleet-run-title">
        <h2 className="mono truncate" title={run.command}>
          {run.command}
        </h2>
        <p className="fleet-run-summary" aria-live="polite">
          {summarise(run)}
          <span className="muted">
            {' '}
            · concurrency {run.concurrency} · started {formatWhen(run.startedAt)}
            {finished &&
              run.finishedAt !== undefined &&
              ` · took ${formatDuration(run.finishedAt - run.startedAt)}`}
          </span>
        </p>
        <div
          className="fleet-progress"
          role="progressbar"
          aria-label="Progress"
          aria-valuemin={0}
          aria-valuemax={counts.total}
          aria-valuenow={done}
        >
          <span
            className="fleet-progress-ok"
            style={{ width: `${(counts.succeeded / Math.max(1, counts.total)) * 100}%` }}
          />
          <span
            className="fleet-progress-bad"
            style={{ width: `${((counts.failed + counts.cancelled) / Math.max(1, counts.total)) * 100}%` }}
          />
        </div>
      </div>
      <div className="fleet-run-buttons">
        {finished ? (
          <Button icon="refresh" onClick={onRerunFailed} disabled={again === 0}>
            Rerun failed
          </Button>
        ) : (
          <Button icon="stop" onClick={onCancel}>
            Cancel run
          </Button>
        )}
        <Button icon="run" onClick={onRunAgain}>
          Run again…
        </Button>
        <Button icon="download" onClick={() => onExport('json')}>
          Export JSON
        </Button>
        <Button icon="download" onClick={() => onExport('csv')}>
          Export CSV
        </Button>
      </div>
    </header>
  );
}
