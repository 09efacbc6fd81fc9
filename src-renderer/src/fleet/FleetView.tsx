import './fleet.css';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { FleetItem, FleetRun } from '../../../src-shared/model/fleet';
import type { AppModel } from '../app/app-model';
import { saveTextFile } from '../app/download';
import type { UiState } from '../app/ui-state';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { VirtualTable, type RowState, type TableColumn } from '../components/VirtualTable';
import { useStore } from '../state/store';
import { FleetCommandDialog } from './FleetCommandDialog';
import { FleetItemCells } from './FleetItemCells';
import { FleetModel } from './fleet-model';
import { FleetOutputPanel } from './FleetOutputPanel';
import { FleetRunHeader } from './FleetRunHeader';
import { FleetRunList } from './FleetRunList';
import { itemName } from './fleet-words';

const COLUMNS: readonly TableColumn[] = [
  { id: 'instance', label: 'Instance', width: 'minmax(180px, 2fr)' },
  { id: 'state', label: 'State', width: 'minmax(130px, 1.2fr)' },
  { id: 'exit', label: 'Exit code', width: '84px' },
  { id: 'duration', label: 'Duration', width: '92px' },
  { id: 'output', label: 'Output', width: '92px' },
  { id: 'actions', label: 'Actions', width: '110px', hideLabel: true },
];

const itemKey = (item: FleetItem): string => item.key;

export interface FleetViewProps {
  model: AppModel;
  ui: UiState;
  onShowInstances: () => void;
}

/**
 * Fleet runs: one command on many instances, a live table of each instance's state, exit code and
 * duration, each one's output, rerun on the failed ones, and the results as JSON or CSV.
 */
export default function FleetView({ model, ui, onShowInstances }: FleetViewProps): ReactElement {
  const [fleet] = useState(() => new FleetModel(model));
  useEffect(() => fleet.start(), [fleet]);
  const { runs, loaded, error } = useStore(fleet.runs);
  const wanted = useStore(ui.fleetRunId);
  const [outputKey, setOutputKey] = useState<string | undefined>(undefined);
  const [again, setAgain] = useState<FleetRun | undefined>(undefined);
  const run = runs.find((r) => r.runId === wanted) ?? runs[0];
  const runId = run?.runId;
  const outputItem = run?.items.find((i) => i.key === outputKey);

  const select = useCallback(
    (id: string) => {
      ui.fleetRunId.set(id);
      setOutputKey(undefined);
    },
    [ui],
  );
  const started = useCallback(
    (next: FleetRun) => {
      fleet.put(next);
      select(next.runId);
    },
    [fleet, select],
  );

  const showOutput = useCallback((item: FleetItem) => setOutputKey(item.key), []);
  const renderRow = useCallback(
    (item: FleetItem, { tabIndex }: RowState) => (
      <FleetItemCells item={item} tabIndex={tabIndex} onShowOutput={showOutput} />
    ),
    [showOutput],
  );

  if (loaded && !run) {
    return (
      <section className="view work-view fleet-view" aria-label="Fleet">
        <EmptyState
          icon="layers"
          tone={error ? 'error' : 'neutral'}
          title={error ? 'Could not list the fleet runs' : 'No fleet runs yet'}
          actions={
            <Button variant="primary" onClick={onShowInstances}>
              Choose instances
            </Button>
          }
        >
          {error && <p>{error}</p>}
          Select instances in the instance list (the checkboxes, Shift or Ctrl and a click, Space on a row, or
          Ctrl+A for every instance shown) and choose <strong>Run command</strong>: each instance’s state,
          exit code and output show here.
        </EmptyState>
      </section>
    );
  }

  return (
    <section className="view work-view fleet-view" aria-label="Fleet">
      <div className="work-split fleet-split">
        <nav className="work-card fleet-runs-card" aria-label="Runs">
          <h2 className="fleet-runs-title">Runs</h2>
          <FleetRunList runs={runs} selectedId={runId} onSelect={select} />
        </nav>
        <div className="work-card fleet-run-card">
          {run && (
            <>
              <FleetRunHeader
                run={run}
                onRerunFailed={() => {
                  void model
                    .attempt('Running again on the failed instances', () =>
                      model.client.call('fleet.rerunFailed', { runId: run.runId }),
                    )
                    .then((next) => next && started(next));
                }}
                onRunAgain={() => setAgain(run)}
                onCancel={() => {
                  void model.attempt('Cancelling the run', () =>
                    model.client.call('fleet.cancel', { runId: run.runId }),
                  );
                }}
                onExport={(format) => {
                  void model
                    .attempt('Exporting the results', () =>
                      model.client.call('fleet.export', { runId: run.runId, format }),
                    )
                    .then(
                      (file) =>
                        file &&
                        saveTextFile(
                          file.fileName,
                          file.text,
                          format === 'json' ? 'application/json' : 'text/csv',
                        ),
                    );
                }}
              />
              <VirtualTable
                label="Fleet results"
                columns={COLUMNS}
                rows={run.items}
                getKey={itemKey}
                getName={itemName}
                renderRow={renderRow}
                rowHeight={44}
                onActivate={showOutput}
                selectedKey={outputKey ?? ''}
              />
              {outputItem && (
                <FleetOutputPanel
                  model={model}
                  runId={run.runId}
                  item={outputItem}
                  onClose={() => setOutputKey(undefined)}
                />
              )}
            </>
          )}
        </div>
      </div>
      {again && (
        <FleetCommandDialog
          model={model}
          targets={again.items.map((item) => ({ target: item.target, name: itemName(item) }))}
          command={again.command}
          concurrency={again.concurrency}
          onClose={() => setAgain(undefined)}
          onStarted={(next) => {
            setAgain(undefined);
            started(next);
          }}
        />
      )}
    </section>
  );
}
