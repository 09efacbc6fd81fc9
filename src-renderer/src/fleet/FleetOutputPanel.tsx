import { useEffect, useState, type ReactElement } from 'react';
import type { FleetItem } from '../../../src-shared/model/fleet';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { IconButton } from '../components/IconButton';
import { Spinner } from '../components/Spinner';
import { itemName } from './fleet-words';

interface Output {
  stdout: string;
  stderr: string;
  truncated: boolean;
}

export interface FleetOutputPanelProps {
  model: AppModel;
  runId: string;
  item: FleetItem;
  onClose: () => void;
}

/**
 * One instance's output under the table: stdout, then stderr in red; fetched again while the
 * command runs and its output grows, and once it finished.
 */
export function FleetOutputPanel({ model, runId, item, onClose }: FleetOutputPanelProps): ReactElement {
  const [output, setOutput] = useState<{ key: string; value: Output } | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const { key, outputBytes, state } = item;
  useEffect(() => {
    let current = true;
    model.client.call('fleet.output', { runId, key }).then(
      (value) => {
        if (!current) return;
        setOutput({ key, value });
        setFailure(undefined);
      },
      (error: unknown) => current && setFailure(describeError(error)),
    );
    return () => {
      current = false;
    };
  }, [model, runId, key, outputBytes, state]);

  const shown = output?.key === key ? output.value : undefined;
  const name = itemName(item);
  return (
    <section className="fleet-output" aria-label={`Output of ${name}`}>
      <header className="fleet-output-head">
        <h2 className="fleet-output-title">
          Output of {name}
          {item.exitCode !== undefined && <span className="muted"> · exit code {item.exitCode}</span>}
        </h2>
        {shown?.truncated && <span className="muted">Only the first MiB of each stream is kept.</span>}
        <span className="work-toolbar-spacer" />
        <IconButton icon="close" label="Close output" onClick={onClose} />
      </header>
      <pre className="fleet-output-text" tabIndex={0} aria-label={`Output of ${name}`}>
        {failure ? (
          <span className="run-stderr">{failure}</span>
        ) : !shown ? (
          <span className="muted">
            <Spinner size={12} /> Loading…
          </span>
        ) : (
          <>
            {shown.stdout}
            {shown.stderr && <span className="run-stderr">{shown.stderr}</span>}
            {!shown.stdout && !shown.stderr && (
              <span className="muted">
                {item.state === 'running' || item.state === 'queued' ? '(no output yet)' : '(no output)'}
              </span>
            )}
          </>
        )}
      </pre>
    </section>
  );
}
