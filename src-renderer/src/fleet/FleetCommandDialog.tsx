import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { FleetRun } from '../../../src-shared/model/fleet';
import type { TargetRef } from '../../../src-shared/model/target';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { plural } from '../app/format';
import { Button } from '../components/Button';
import { CommandField } from '../components/CommandField';
import { Dialog } from '../components/Dialog';
import { FormError } from '../components/FormError';

export interface FleetTarget {
  target: TargetRef;
  /** The Name tag or instance id, as the grid shows it. */
  name: string;
}

export interface FleetCommandDialogProps {
  model: AppModel;
  targets: readonly FleetTarget[];
  /** Selected instances left out because no session can start on them. */
  skipped?: number;
  command?: string;
  concurrency?: number;
  onStarted: (run: FleetRun) => void;
  onClose: () => void;
}

const NAMES_SHOWN = 6;

/**
 * One command on several instances at once: the command line (sh -c on Linux, PowerShell on
 * Windows) and how many run at the same time. The Fleet view follows the run.
 */
export function FleetCommandDialog({
  model,
  targets,
  skipped = 0,
  command: initialCommand = '',
  concurrency: initialConcurrency,
  onStarted,
  onClose,
}: FleetCommandDialogProps): ReactElement {
  const [command, setCommand] = useState(initialCommand);
  const [concurrency, setConcurrency] = useState(String(initialConcurrency ?? Math.min(10, targets.length)));
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const concurrencyId = useId();
  const limit = Number(concurrency);
  const limitValid = /^\d{1,3}$/.test(concurrency.trim()) && limit >= 1 && limit <= 100;
  const names = targets.slice(0, NAMES_SHOWN).map((t) => t.name);
  const more = targets.length - names.length;

  const start = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!command.trim() || !limitValid || busy || targets.length === 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const run = await model.client.call('fleet.start', {
        targets: targets.map((t) => t.target),
        command: command.trim(),
        concurrency: limit,
      });
      onStarted(run);
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Run a command on ${plural(targets.length, 'instance')}`}
      onClose={onClose}
      size="medium"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            icon="run"
            type="submit"
            form="fleet-command-form"
            disabled={!command.trim() || !limitValid || busy || targets.length === 0}
          >
            {`Run on ${plural(targets.length, 'instance')}`}
          </Button>
        </>
      }
    >
      <form id="fleet-command-form" className="form-grid" onSubmit={(event) => void start(event)}>
        <p className="dialog-text fleet-targets">
          {names.join(', ')}
          {more > 0 && ` and ${more} more`}
          {skipped > 0 && (
            <span className="fleet-skipped">
              {' '}
              ({plural(skipped, 'selected instance')} left out: not online in Systems Manager)
            </span>
          )}
        </p>
        <CommandField
          value={command}
          onChange={setCommand}
          onRun={() => void start()}
          hint="Runs with sh -c on Linux and macOS, PowerShell on Windows; Ctrl+Enter runs it."
        />
        <div className="field">
          <label className="field-label" htmlFor={concurrencyId}>
            Concurrency
          </label>
          <input
            id={concurrencyId}
            className="text-input number-input"
            inputMode="numeric"
            value={concurrency}
            aria-invalid={limitValid ? undefined : true}
            aria-describedby={`${concurrencyId}-hint`}
            onChange={(event) => setConcurrency(event.target.value)}
          />
          <span id={`${concurrencyId}-hint`} className={limitValid ? 'field-hint' : 'field-hint field-error'}>
            {limitValid ? 'Instances that run it at the same time' : 'A number from 1 to 100'}
          </span>
        </div>
        <FormError message={failure} />
      </form>
    </Dialog>
  );
}
