import { useId, useMemo, useState, type FormEvent, type ReactElement } from 'react';
import type { TunnelSpec } from '../../../src-shared/model/tunnel';
import { AWS_REGIONS } from '../../../src-shared/model/regions';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';
import { FormError } from '../components/FormError';
import { TextField } from '../components/TextField';
import { buildRows, profileLabels } from '../instances/instance-row';
import { useStore } from '../state/store';
import { parsePort } from './parse-port';

/** What the form starts from: a saved tunnel (edit), or a partial one (new, duplicate, a database). */
export type TunnelDraft = Partial<TunnelSpec>;

export interface TunnelFormDialogProps {
  model: AppModel;
  initial: TunnelDraft;
  /** The dialog's title ("New tunnel", "Edit “db”", "Tunnel to orders-db"). */
  title: string;
  /** Where focus starts (the first empty field that matters). */
  focus?: 'name' | 'target';
  onSaved: (spec: TunnelSpec, start: boolean) => void;
  onClose: () => void;
}

/**
 * A saved tunnel's form: a port forward (to the instance or a host it reaches) or a SOCKS5 proxy,
 * its profile, region and target, the local end (port, bind address or unix socket) and "Start with
 * the app". Says at once when the local port is taken, and by whom.
 */
export function TunnelFormDialog({
  model,
  initial,
  title,
  focus = 'name',
  onSaved,
  onClose,
}: TunnelFormDialogProps): ReactElement {
  const profiles = useStore(model.profiles);
  const settings = useStore(model.settings);
  const inventory = useStore(model.inventory);
  const firstProfile =
    initial.profile ??
    (profiles.some((p) => p.id === settings.defaultProfile) ? settings.defaultProfile : undefined) ??
    inventory.scopes[0]?.profile ??
    profiles[0]?.id ??
    '';
  const [kind, setKind] = useState<TunnelSpec['kind']>(initial.kind ?? 'port');
  const [name, setName] = useState(initial.name ?? '');
  const [profile, setProfile] = useState(firstProfile);
  const profileInfo = profiles.find((p) => p.id === profile);
  const profileRegions = profileInfo?.regions?.length ? profileInfo.regions : undefined;
  const [region, setRegion] = useState(
    initial.region ?? profileRegions?.[0] ?? profileInfo?.region ?? settings.regions[0] ?? 'us-east-1',
  );
  const [target, setTarget] = useState(initial.target ?? '');
  const [remoteHost, setRemoteHost] = useState(initial.remoteHost ?? '');
  const [remotePort, setRemotePort] = useState(initial.remotePort?.toString() ?? '');
  const [localPort, setLocalPort] = useState(initial.localPort ? String(initial.localPort) : '');
  const [bindAddress, setBindAddress] = useState(initial.bindAddress ?? '127.0.0.1');
  const [localSocket, setLocalSocket] = useState(initial.localSocket ?? '');
  const [autoStart, setAutoStart] = useState(initial.autoStart ?? false);
  const [taken, setTaken] = useState<string | undefined>(undefined);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const targetsId = useId();
  const regionsId = useId();
  const profileId = useId();
  const regionId = useId();

  const targets = useMemo(() => {
    const labels = profileLabels(profiles);
    return buildRows(inventory, labels).filter(
      (r) => r.target.profile === profile && r.target.region === region,
    );
  }, [inventory, profiles, profile, region]);

  const port = kind === 'port';
  const remote = parsePort(remotePort, false);
  const local = localPort.trim() === '' ? 0 : parsePort(localPort, true);
  const socket = port ? localSocket.trim() : '';
  const errors = {
    name: submitted && !name.trim() ? 'Give the tunnel a name' : undefined,
    target: submitted && !target.trim() ? 'An instance ID or Name tag' : undefined,
    remotePort: submitted && port && remote === undefined ? 'A port from 1 to 65535' : undefined,
    localPort:
      local === undefined ? 'A port from 1 to 65535, or empty for any free port' : socket ? undefined : taken,
    bindAddress: submitted && !bindAddress.trim() ? 'An address to listen on, e.g. 127.0.0.1' : undefined,
  };

  const checkPort = (): void => {
    // The last answer stays until the new one comes: nothing below the field moves meanwhile.
    if (!local || socket) {
      setTaken(undefined);
      return;
    }
    // The tunnel itself holds its port while it runs: that is not a conflict.
    if (initial.id && initial.localPort === local) return;
    void model.client
      .call('tunnels.checkPort', { bindAddress: bindAddress.trim() || '127.0.0.1', port: local })
      .then(
        ({ free, holder }) =>
          setTaken(free ? undefined : `Port ${local} is in use${holder ? ` by ${holder}` : ''}`),
        () => undefined,
      );
  };

  const submit = async (start: boolean, event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    setSubmitted(true);
    if (busy || !name.trim() || !target.trim() || !bindAddress.trim() || local === undefined) return;
    if (port && remote === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const spec = await model.client.call('tunnels.save', {
        spec: {
          ...(initial.id ? { id: initial.id } : {}),
          name: name.trim().slice(0, 100),
          profile,
          region: region.trim(),
          target: target.trim(),
          kind,
          ...(port && remoteHost.trim() ? { remoteHost: remoteHost.trim() } : {}),
          ...(port && remote !== undefined ? { remotePort: remote } : {}),
          localPort: local,
          bindAddress: bindAddress.trim(),
          ...(socket ? { localSocket: socket } : {}),
          autoStart,
        },
      });
      onSaved(spec, start);
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={title}
      onClose={onClose}
      size="medium"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button disabled={busy} onClick={() => void submit(true)}>
            Save and start
          </Button>
          <Button variant="primary" type="submit" form="tunnel-form" disabled={busy}>
            Save
          </Button>
        </>
      }
    >
      <form
        id="tunnel-form"
        className="form-grid tunnel-form"
        onSubmit={(event) => void submit(false, event)}
        noValidate
      >
        <fieldset className="segmented tunnel-kind">
          <legend className="field-label">Kind</legend>
          <div className="segmented-options">
            {(
              [
                ['port', 'Port forward'],
                ['socks', 'SOCKS5 proxy'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className={kind === value ? 'segment segment-on' : 'segment'}>
                <input
                  type="radio"
                  name="tunnel-kind"
                  value={value}
                  checked={kind === value}
                  onChange={() => setKind(value)}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-row">
          <TextField
            label="Name"
            value={name}
            onChange={setName}
            error={errors.name}
            hint="How the list shows it"
            placeholder="e.g. orders database"
            autoFocus={focus === 'name'}
          />
          <div className="field">
            <label className="field-label" htmlFor={profileId}>
              Profile
            </label>
            <select
              id={profileId}
              className="select"
              value={profile}
              onChange={(event) => {
                setProfile(event.target.value);
                const next = profiles.find((p) => p.id === event.target.value);
                const regions = next?.regions?.length ? next.regions : undefined;
                if (regions && !regions.includes(region)) setRegion(regions[0] ?? region);
              }}
            >
              {!profileInfo && profile && <option value={profile}>{profile}</option>}
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-row">
          <div className="field">
            <label className="field-label" htmlFor={regionId}>
              Region
            </label>
            {profileRegions ? (
              <select
                id={regionId}
                className="select"
                value={region}
                onChange={(e) => setRegion(e.target.value)}
              >
                {!profileRegions.includes(region) && <option value={region}>{region}</option>}
                {profileRegions.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            ) : (
              <>
                <input
                  id={regionId}
                  className="text-input"
                  list={regionsId}
                  value={region}
                  spellCheck={false}
                  onChange={(event) => setRegion(event.target.value)}
                />
                <datalist id={regionsId}>
                  {AWS_REGIONS.map((r) => (
                    <option key={r} value={r} />
                  ))}
                </datalist>
              </>
            )}
            <span className="field-hint">Where the instance is</span>
          </div>
          <TextField
            label="Target"
            value={target}
            onChange={setTarget}
            error={errors.target}
            hint="An instance ID, or its Name tag"
            placeholder="i-0123… or web-1"
            list={targetsId}
            autoFocus={focus === 'target'}
            mono
          />
          <datalist id={targetsId}>
            {targets.map((row) => (
              <option key={row.key} value={row.record.instanceId}>
                {row.displayName}
              </option>
            ))}
          </datalist>
        </div>
        <div className="form-row">
          <TextField
            label="Remote host"
            value={port ? remoteHost : ''}
            onChange={setRemoteHost}
            placeholder={port ? 'the instance itself' : 'each connection names its own'}
            hint={
              port ? 'A host the instance reaches, e.g. a database endpoint' : 'Each connection names its own'
            }
            disabled={!port}
          />
          <TextField
            label="Remote port"
            value={port ? remotePort : ''}
            onChange={setRemotePort}
            inputMode="numeric"
            placeholder={port ? 'e.g. 5432' : '—'}
            error={errors.remotePort}
            hint={port ? 'On the instance, or on the remote host' : 'Each connection names its own'}
            disabled={!port}
          />
        </div>
        <div className="form-row">
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
            error={errors.localPort}
            hint={socket ? 'The unix socket is used instead' : 'Empty for any free port'}
            disabled={socket !== ''}
          />
          <TextField
            label="Bind address"
            value={bindAddress}
            onChange={setBindAddress}
            error={errors.bindAddress}
            hint="127.0.0.1 keeps it to this computer"
            onBlur={checkPort}
            mono
          />
        </div>
        <TextField
          label="Unix socket path"
          value={port ? localSocket : ''}
          onChange={setLocalSocket}
          placeholder={port ? 'optional, e.g. /tmp/db.sock' : '—'}
          hint={port ? 'Listen on this socket instead of a TCP port (Linux and macOS)' : 'Port forwards only'}
          disabled={!port}
          mono
        />
        <Checkbox checked={autoStart} onChange={setAutoStart}>
          Start with the app
        </Checkbox>
        {initial.id && (
          <p className="field-hint">A running tunnel keeps its old settings until it is started again.</p>
        )}
        <FormError message={failure} />
      </form>
    </Dialog>
  );
}
