import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import type { FleetItem, FleetRun } from '../../../src-shared/model/fleet';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { wordsForCode } from '../app/error-words';
import { Button } from '../components/Button';
import { CommandField } from '../components/CommandField';
import { Dialog } from '../components/Dialog';
import { FormError } from '../components/FormError';
import { Spinner } from '../components/Spinner';
import type { InstanceRow } from './instance-row';

export interface RunCommandDialogProps {
  model: AppModel;
  row: InstanceRow;
  onClose: () => void;
}

interface Output {
  stdout: string;
  stderr: string;
  truncated: boolean;
}

const FINISHED: ReadonlySet<FleetItem['state']> = new Set(['succeeded', 'failed', 'cancelled']);

function describeItem(item: FleetItem): string {
  switch (item.state) {
    case 'queued':
      return 'Waiting to start…';
    case 'running':
      return 'Running…';
    case 'cancelled':
      return 'Cancelled';
    case 'succeeded':
      return `Exit code ${item.exitCode ?? 0}`;
    case 'failed':
      return item.exitCode !== undefined
        ? `Exit code ${item.exitCode}`
        : `Failed: ${item.error ? (wordsForCode(item.error.code) ?? item.error.message) : 'no exit code'}`;
  }
}

/**
 * "Run command" on an instance row: one non-interactive command through the fleet runner (a run of
 * one instance), its exit code, duration and output. The fleet view runs it on many at once.
 */
export function RunCommandDialog({ model, row, onClose }: RunCommandDialogProps): ReactElement {
  const [command, setCommand] = useState('');
  const [run, setRun] = useState<FleetRun | undefined>(undefined);
  const [output, setOutput] = useState<Output | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const item = run?.items[0];
  const finished = item !== undefined && FINISHED.has(item.state);

  const runId = run?.runId;
  useEffect(() => {
    if (!runId) return;
    return model.client.on('fleet.changed', ({ run: next }) => {
      if (next.runId === runId) setRun(next);
    });
  }, [model, runId]);

  const itemKey = item?.key;
  useEffect(() => {
    if (!runId || !itemKey || !finished) return;
    let current = true;
    model.client.call('fleet.output', { runId, key: itemKey }).then(
      (result) => current && setOutput(result),
      (error: unknown) => current && setFailure(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [model, runId, itemKey, finished]);

  const start = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!command.trim() || (run && !finished)) return;
    setFailure(undefined);
    setOutput(undefined);
    try {
      setRun(
        await model.client.call('fleet.start', {
          targets: [row.target],
          command: command.trim(),
          concurrency: 1,
        }),
      );
    } catch (error) {
      setFailure(describeError(error));
    }
  };

  return (
    <Dialog
      title={`Run a command on ${row.displayName}`}
      onClose={onClose}
      size="medium"
      footer={
        <>
          {run && !finished ? (
            <Button
              onClick={() =>
                void model.attempt('Cancelling the command', () =>
                  model.client.call('fleet.cancel', { runId: run.runId }),
                )
              }
            >
              Cancel command
            </Button>
          ) : (
            <Button onClick={onClose}>Close</Button>
          )}
          <Button
            variant="primary"
            icon="run"
            type="submit"
            form="run-command-form"
            disabled={!command.trim() || (run !== undefined && !finished)}
          >
            {run ? 'Run again' : 'Run'}
          </Button>
        </>
      }
    >
      <form id="run-command-form" className="form-grid" onSubmit={(event) => void start(event)}>
        <CommandField
          value={command}
          onChange={setCommand}
          onRun={() => void start()}
          hint="Runs once in a non-interactive session; Ctrl+Enter runs it."
        />
      </form>
      <FormError message={failure} />
      {item && (
        <div className="run-result" role="status">
          <div className={`run-state run-state-${item.state}`}>
            {!finished && <Spinner size={13} />}
            <strong>{describeItem(item)}</strong>
            {item.durationMs !== undefined && (
              <span className="muted"> · {(item.durationMs / 1000).toFixed(1)} s</span>
            )}
          </div>
          {output && (
            <pre className="run-output" aria-label="Output">
              {output.stdout}
              {output.stderr && <span className="run-stderr">{output.stderr}</span>}
              {!output.stdout && !output.stderr && <span className="muted">(no output)</span>}
              {output.truncated && <span className="muted">{'\n'}… (only the first MiB is kept)</span>}
            </pre>
          )}
        </div>
      )}
    </Dialog>
  );
}
