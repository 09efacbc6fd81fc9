import './tunnels.css';
import { useCallback, useMemo, useRef, useState, useEffect, type ReactElement } from 'react';
import type { DatabaseRecord } from '../../../src-shared/model/database';
import type { TunnelSpec } from '../../../src-shared/model/tunnel';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { copyText } from '../app/clipboard';
import { saveTextFile } from '../app/download';
import { plural } from '../app/format';
import { matchesTerms, searchTerms, searchText } from '../app/text-search';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { SearchField } from '../components/SearchField';
import { TabPanel } from '../components/TabPanel';
import { VirtualTable, type RowState, type TableColumn } from '../components/VirtualTable';
import { InstancePickerDialog } from '../instances/InstancePickerDialog';
import { useStore } from '../state/store';
import { DatabasesPanel } from './DatabasesPanel';
import type { TunnelActions } from './tunnel-actions';
import { TunnelFormDialog, type TunnelDraft } from './TunnelFormDialog';
import { TunnelRowCells } from './TunnelRowCells';
import { TunnelsModel } from './tunnels-model';
import { isRunning } from './tunnel-words';

const COLUMNS: readonly TableColumn[] = [
  { id: 'name', label: 'Name', width: 'minmax(170px, 1.3fr)' },
  { id: 'state', label: 'State', width: 'minmax(230px, 1.7fr)' },
  { id: 'local', label: 'Local address', width: 'minmax(150px, 1fr)' },
  { id: 'connections', label: 'Connections', width: '96px' },
  { id: 'traffic', label: 'Traffic', width: '104px' },
  { id: 'uptime', label: 'Uptime', width: '78px' },
  { id: 'actions', label: 'Actions', width: '232px', hideLabel: true },
];

const specKey = (spec: TunnelSpec): string => spec.id;
const specName = (spec: TunnelSpec): string => spec.name;

type Part = 'tunnels' | 'databases';

interface FormState {
  title: string;
  initial: TunnelDraft;
  focus?: 'name' | 'target';
}

export interface TunnelsViewProps {
  model: AppModel;
}

/**
 * The port-forward manager: saved tunnels with their live state, counters and uptime, started and
 * stopped each on its own; new, edit, duplicate, delete, export and import; and the RDS databases to
 * tunnel to. Loaded when first shown.
 */
export default function TunnelsView({ model }: TunnelsViewProps): ReactElement {
  const [tunnels] = useState(() => new TunnelsModel(model));
  useEffect(() => tunnels.start(), [tunnels]);
  const list = useStore(tunnels.list);
  const [part, setPart] = useState<Part>('tunnels');
  const [databasesShown, setDatabasesShown] = useState(false);
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<FormState | undefined>(undefined);
  const [deleting, setDeleting] = useState<TunnelSpec | undefined>(undefined);
  const [throughFor, setThroughFor] = useState<DatabaseRecord | undefined>(undefined);
  const fileInput = useRef<HTMLInputElement>(null);
  if (part === 'databases' && !databasesShown) setDatabasesShown(true);

  const start = useCallback(
    (spec: TunnelSpec) => {
      model.client.call('tunnels.start', { id: spec.id }).catch((error: unknown) => {
        // The row says why too; a notice makes sure it is heard.
        model.notices.push('warning', `${spec.name}: ${describeError(error)}`);
      });
    },
    [model],
  );

  const actions = useMemo<TunnelActions>(
    () => ({
      start,
      stop: (spec) =>
        void model.attempt(`Stopping ${spec.name}`, () => model.client.call('tunnels.stop', { id: spec.id })),
      edit: (spec) => setForm({ title: `Edit “${spec.name}”`, initial: spec }),
      duplicate: (spec) => {
        void model
          .attempt(`Duplicating ${spec.name}`, () => model.client.call('tunnels.duplicate', { id: spec.id }))
          .then((copy) => copy && model.notices.push('info', `Saved “${copy.name}”`));
      },
      remove: (spec) => setDeleting(spec),
      exportOne: (spec) => {
        void model
          .attempt('Exporting the tunnel', () => model.client.call('tunnels.export', { ids: [spec.id] }))
          .then((file) => file && saveTextFile(file.fileName, file.text));
      },
      openInBrowser: (url) => {
        void model.attempt('Opening the browser', () => model.client.call('app.openExternal', { url }));
      },
      copy: (text, what) => {
        void copyText(text).then((ok) =>
          model.notices.push(ok ? 'info' : 'warning', ok ? `Copied ${what}` : 'Could not use the clipboard'),
        );
      },
    }),
    [model, start],
  );

  const renderRow = useCallback(
    (spec: TunnelSpec, { tabIndex }: RowState) => (
      <TunnelRowCells spec={spec} tunnels={tunnels} actions={actions} tabIndex={tabIndex} />
    ),
    [tunnels, actions],
  );

  const shown = useMemo(() => {
    const terms = searchTerms(search);
    if (terms.length === 0) return list.specs;
    return list.specs.filter((spec) =>
      matchesTerms(
        searchText([
          spec.name,
          spec.target,
          spec.remoteHost,
          spec.remotePort,
          spec.localPort,
          spec.region,
          spec.profile,
        ]),
        terms,
      ),
    );
  }, [list.specs, search]);

  const exportAll = (): void => {
    void model
      .attempt('Exporting the tunnels', () => model.client.call('tunnels.export', { ids: [] }))
      .then((file) => file && saveTextFile(file.fileName, file.text));
  };

  const importFile = async (file: File): Promise<void> => {
    const text = await file.text();
    const added = await model.attempt(`Importing ${file.name}`, () =>
      model.client.call('tunnels.import', { text }),
    );
    if (added) model.notices.push('info', `${plural(added.length, 'tunnel')} imported from ${file.name}`);
  };

  const newTunnel = (): void => setForm({ title: 'New tunnel', initial: {} });

  let empty: ReactElement | undefined;
  if (list.loaded && list.specs.length === 0) {
    empty = (
      <EmptyState
        icon="forward"
        title={list.error ? 'Could not load the tunnels' : 'No saved tunnels'}
        tone={list.error ? 'error' : 'neutral'}
        actions={
          <>
            <Button variant="primary" icon="plus" onClick={newTunnel}>
              New tunnel
            </Button>
            <Button icon="database" onClick={() => setPart('databases')}>
              Find a database
            </Button>
          </>
        }
      >
        {list.error ??
          'A saved tunnel forwards a local port through an instance to a port on it, or on a host it reaches. It survives lost connections and lost sessions.'}
      </EmptyState>
    );
  } else if (list.specs.length > 0 && shown.length === 0) {
    empty = (
      <EmptyState
        icon="search"
        title="No tunnels match"
        actions={<Button onClick={() => setSearch('')}>Clear search</Button>}
      >
        Nothing saved matches “{search.trim()}”.
      </EmptyState>
    );
  }

  return (
    <section className="view work-view tunnels-view" aria-label="Tunnels">
      <div className="work-toolbar">
        <div role="tablist" aria-label="Tunnels or databases" className="switcher">
          {(
            [
              ['tunnels', 'Saved tunnels', 'forward'],
              ['databases', 'Databases', 'database'],
            ] as const
          ).map(([value, label, icon]) => (
            <button
              key={value}
              type="button"
              role="tab"
              id={`tunnels-part-${value}`}
              aria-selected={part === value}
              aria-controls={`tunnels-panel-${value}`}
              tabIndex={part === value ? 0 : -1}
              className="switcher-tab"
              onClick={() => setPart(value)}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
                event.preventDefault();
                const next = part === 'tunnels' ? 'databases' : 'tunnels';
                setPart(next);
                document.getElementById(`tunnels-part-${next}`)?.focus();
              }}
            >
              <Icon name={icon} size={14} />
              {label}
            </button>
          ))}
        </div>
        {part === 'tunnels' && (
          <>
            <SearchField
              className="tunnels-search"
              label="Search tunnels"
              placeholder="Search name, target, host, port…"
              value={search}
              onChange={setSearch}
            />
            <span className="work-toolbar-spacer" />
            <span className="work-count" aria-live="polite">
              {list.loaded ? plural(list.specs.length, 'tunnel') : ''}
            </span>
            <input
              ref={fileInput}
              type="file"
              accept=".ssmdesk,.json,application/json"
              className="visually-hidden"
              tabIndex={-1}
              aria-label="Import .ssmdesk file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importFile(file);
              }}
            />
            <Button icon="upload" onClick={() => fileInput.current?.click()}>
              Import…
            </Button>
            <Button icon="download" onClick={exportAll} disabled={list.specs.length === 0}>
              Export…
            </Button>
            <Button variant="primary" icon="plus" onClick={newTunnel}>
              New tunnel
            </Button>
          </>
        )}
      </div>
      <TabPanel
        id="tunnels-panel-tunnels"
        tabId="tunnels-part-tunnels"
        className="tunnels-panel"
        hidden={part !== 'tunnels'}
      >
        <div className="work-card">
          <VirtualTable
            label="Tunnels"
            columns={COLUMNS}
            rows={shown}
            getKey={specKey}
            getName={specName}
            renderRow={renderRow}
            rowHeight={56}
            onActivate={actions.edit}
            onRowKey={(spec, event) => {
              if (event.key !== 'Delete') return false;
              setDeleting(spec);
              return true;
            }}
            busy={!list.loaded}
            empty={empty}
          />
        </div>
      </TabPanel>
      <TabPanel
        id="tunnels-panel-databases"
        tabId="tunnels-part-databases"
        className="tunnels-panel"
        hidden={part !== 'databases'}
      >
        {databasesShown && <DatabasesPanel model={model} onTunnel={setThroughFor} />}
      </TabPanel>
      {form && (
        <TunnelFormDialog
          model={model}
          title={form.title}
          initial={form.initial}
          focus={form.focus}
          onClose={() => setForm(undefined)}
          onSaved={(spec, startNow) => {
            setForm(undefined);
            setPart('tunnels');
            if (startNow) start(spec);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          confirm="Delete tunnel"
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            const spec = deleting;
            setDeleting(undefined);
            void model.attempt(`Deleting ${spec.name}`, () =>
              model.client.call('tunnels.delete', { id: spec.id }),
            );
          }}
        >
          The saved tunnel is removed
          {isRunning(tunnels.statusStore(deleting.id).get().state) ? ' and stopped' : ''}. This cannot be
          undone (export it first to keep a copy).
        </ConfirmDialog>
      )}
      {throughFor && (
        <InstancePickerDialog
          model={model}
          title={`Tunnel to ${throughFor.identifier} through…`}
          action="choose it"
          filter={(row) =>
            row.target.profile === throughFor.profile && row.target.region === throughFor.region
          }
          onClose={() => setThroughFor(undefined)}
          onChoose={(row) => {
            const db = throughFor;
            setForm({
              title: `Tunnel to ${db.identifier}`,
              initial: {
                name: `${db.identifier} via ${row.displayName}`.slice(0, 100),
                profile: db.profile,
                region: db.region,
                target: row.record.instanceId,
                kind: 'port',
                remoteHost: db.endpoint,
                remotePort: db.port,
              },
            });
          }}
        />
      )}
    </section>
  );
}
