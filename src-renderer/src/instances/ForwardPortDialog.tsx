import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { connectionHint, type TunnelStatus } from '../../../src-shared/model/tunnel';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { copyText } from '../app/clipboard';
import { wordsForCode } from '../app/error-words';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';
import { FormError } from '../components/FormError';
import { Spinner } from '../components/Spinner';
import { TextField } from '../components/TextField';
import { parsePort } from '../tunnels/parse-port';
import type { InstanceRow } from './instance-row';

export interface ForwardPortDialogProps {
  model: AppModel;
  row: InstanceRow;
  onClose: () => void;
  /** Opens the Tunnels view, where the saved tunnel is listed. */
  onShowTunnels: () => void;
}

const STATE_WORDS: Record<TunnelStatus['state'], string> = {
  stopped: 'Stopped',
  starting: 'Starting…',
  forwarding: 'Forwarding',
  resuming: 'Connection lost — resuming…',
  restarting: 'Session lost — starting a new one…',
  failed: 'Failed',
};

/**
 * "Forward port" on an instance row: a saved tunnel made and started in one step (the tunnel
 * manager lists it afterwards). Says before starting when the local port is taken, and by whom.
 */
export function ForwardPortDialog({
  model,
  row,
  onClose,
  onShowTunnels,
}: ForwardPortDialogProps): ReactElement {
  const [remotePort, setRemotePort] = useState('');
  const [remoteHost, setRemoteHost] = useState('');
  const [localPort, setLocalPort] = useState('');
  const [bindAddress, setBindAddress] = useState('127.0.0.1');
  const [name, setName] = useState('');
  const [autoStart, setAutoStart] = useState(false);
  const [taken, setTaken] = useState<string | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [status, setStatus] = useState<TunnelStatus | undefined>(undefined);

  const remote = parsePort(remotePort, false);
  const local = localPort.trim() === '' ? 0 : parsePort(localPort, true);
  const host = remoteHost.trim();
  const defaultName = host
    ? `${row.displayName} → ${host}:${remote ?? '…'}`
    : `${row.displayName}:${remote ?? '…'}`;
  const remoteError = submitted && remote === undefined ? 'A port from 1 to 65535' : undefined;
  const localError = local === undefined ? 'A port from 1 to 65535, or empty for any free port' : taken;

  const tunnelId = status?.id;
  useEffect(() => {
    if (!tunnelId) return;
    return model.client.on('tunnels.status', ({ statuses }) => {
      const next = statuses.find((s) => s.id === tunnelId);
      if (next) setStatus(next);
    });
  }, [model, tunnelId]);

  const checkPort = (): void => {
    setTaken(undefined);
    if (!local) return;
    void model.client.call('tunnels.checkPort', { bindAddress: bindAddress.trim(), port: local }).then(
      ({ free, holder }) =>
        setTaken(
          free ? undefined : `Port ${local} is in use${holder ? ` by ${holder}` : ''}: choose another`,
        ),
      () => undefined,
    );
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitted(true);
    if (remote === undefined || local === undefined || busy) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const spec = await model.client.call('tunnels.save', {
        spec: {
          name: (name.trim() || defaultName).slice(0, 100),
          profile: row.target.profile,
          region: row.target.region,
          target: row.target.instanceId,
          kind: 'port',
          ...(host ? { remoteHost: host } : {}),
          remotePort: remote,
          localPort: local,
          bindAddress: bindAddress.trim() || '127.0.0.1',
          autoStart,
        },
      });
      setStatus(await model.client.call('tunnels.start', { id: spec.id }));
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  if (status) {
    const address = `${bindAddress.trim() || '127.0.0.1'}:${status.localPort ?? local ?? ''}`;
    const hint =
      status.localPort && remote
        ? connectionHint({ kind: 'port', remotePort: remote }, status.localPort)
        : undefined;
    const error = status.error ? (wordsForCode(status.error.code) ?? status.error.message) : undefined;
    return (
      <Dialog
        title={`Forwarding to ${row.displayName}`}
        onClose={onClose}
        footer={
          <>
            {status.state !== 'stopped' && status.state !== 'failed' && (
              <Button
                variant="ghost"
                onClick={() =>
                  void model
                    .attempt('Stopping the tunnel', () =>
                      model.client.call('tunnels.stop', { id: status.id }),
                    )
                    .then((next) => next && setStatus(next))
                }
              >
                Stop
              </Button>
            )}
            <Button
              onClick={() => {
                onClose();
                onShowTunnels();
              }}
            >
              Show in Tunnels
            </Button>
            <Button variant="primary" onClick={onClose} autoFocus>
              Done
            </Button>
          </>
        }
      >
        <div className={`tunnel-result tunnel-result-${status.state}`} role="status">
          {status.state === 'starting' || status.state === 'resuming' || status.state === 'restarting' ? (
            <Spinner size={14} />
          ) : null}
          <strong>{STATE_WORDS[status.state]}</strong>
          {status.detail && <span className="muted"> · {status.detail}</span>}
        </div>
        {error && <p className="form-error">{error}</p>}
        <dl className="tunnel-facts">
          <dt>Local address</dt>
          <dd className="mono">{address}</dd>
          <dt>Goes to</dt>
          <dd className="mono">
            {host || row.record.instanceId}:{remote}
          </dd>
        </dl>
        <div className="tunnel-actions">
          <Button
            icon="copy"
            onClick={() => void copyText(address).then(() => model.notices.push('info', `Copied ${address}`))}
          >
            Copy address
          </Button>
          {hint?.kind === 'browser' && (
            <Button
              icon="forward"
              onClick={() =>
                void model.attempt('Opening the browser', () =>
                  model.client.call('app.openExternal', { url: hint.text }),
                )
              }
            >
              Open in browser
            </Button>
          )}
          {hint?.kind === 'connection-string' && (
            <Button
              icon="copy"
              onClick={() =>
                void copyText(hint.text).then(() =>
                  model.notices.push('info', 'Copied the connection string'),
                )
              }
            >
              Copy connection string
            </Button>
          )}
        </div>
        <p className="field-hint">
          The tunnel is saved and keeps running after this dialog closes; the Tunnels view lists it.
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      title={`Forward a port through ${row.displayName}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="forward-port-form" disabled={busy}>
            {busy ? 'Starting…' : 'Start forwarding'}
          </Button>
        </>
      }
    >
      <form id="forward-port-form" className="form-grid" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Target"
          value={`${row.displayName} (${row.record.instanceId}, ${row.target.region})`}
          onChange={() => undefined}
          readOnly
        />
        <div className="form-row">
          <TextField
            label="Remote port"
            value={remotePort}
            onChange={setRemotePort}
            inputMode="numeric"
            placeholder="e.g. 5432"
            error={remoteError}
            autoFocus
          />
          <TextField
            label="Local port"
            value={localPort}
            onChange={(value) => {
              setLocalPort(value);
              setTaken(undefined);
            }}
            onBlur={checkPort}
            inputMode="numeric"
            placeholder="any free port"
            error={localError}
          />
        </div>
        <TextField
          label="Remote host"
          value={remoteHost}
          onChange={setRemoteHost}
          placeholder="the instance itself"
          hint="A host the instance reaches (a database endpoint, say); empty forwards to the instance."
        />
        <div className="form-row">
          <TextField label="Bind address" value={bindAddress} onChange={setBindAddress} mono />
          <TextField label="Name" value={name} onChange={setName} placeholder={defaultName} />
        </div>
        <Checkbox checked={autoStart} onChange={setAutoStart}>
          Start with the app
        </Checkbox>
        <FormError message={failure} />
      </form>
    </Dialog>
  );
}
