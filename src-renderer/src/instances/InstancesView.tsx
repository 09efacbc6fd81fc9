import './instances.css';
import { useDeferredValue, useMemo, useState, type ReactElement, type RefObject } from 'react';
import type { FleetRun } from '../../../src-shared/model/fleet';
import type { View } from '../app/ui-state';
import { plural } from '../app/format';
import { FleetCommandDialog } from '../fleet/FleetCommandDialog';
import { canSignIn } from '../profiles/identity-words';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { copyText } from '../app/clipboard';
import type { AppModel } from '../app/app-model';
import { useStore } from '../state/store';
import type { InstanceActions } from './instance-actions';
import { applyQuery, DEFAULT_QUERY, filterOptions, type InstanceQuery } from './instance-query';
import { ForwardPortDialog } from './ForwardPortDialog';
import { buildRows, profileLabels, type InstanceRow } from './instance-row';
import { InstanceGrid } from './InstanceGrid';
import { InstanceToolbar } from './InstanceToolbar';
import { RunCommandDialog } from './RunCommandDialog';
import { ScopeBar } from './ScopeBar';

export interface InstancesViewProps {
  model: AppModel;
  onOpenShell: (row: InstanceRow) => void;
  onOpenSettings: () => void;
  onShowView: (view: View) => void;
  /** A fleet run was started on the selected instances: the Fleet view follows it. */
  onFleetStarted: (run: FleetRun) => void;
  /** IAM Identity Center sign-in for a profile whose listing failed for want of it. */
  onSignIn: (profile: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** The instance browser: every chosen profile × region, searchable, filterable and sortable. */
export function InstancesView({
  model,
  onOpenShell,
  onOpenSettings,
  onShowView,
  onFleetStarted,
  onSignIn,
  searchRef,
}: InstancesViewProps): ReactElement {
  const inventory = useStore(model.inventory);
  const profiles = useStore(model.profiles);
  const [query, setQuery] = useState<InstanceQuery>(DEFAULT_QUERY);
  const [dialog, setDialog] = useState<{ kind: 'forward' | 'run'; row: InstanceRow } | undefined>(undefined);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [fleetOpen, setFleetOpen] = useState(false);
  // Typing stays responsive with 20,000 rows: the list follows the search text a moment later.
  // Only the text is deferred: a sort or a filter is one deliberate change, and the rows must match
  // the header at once (a key pressed right after sorting moves through the sorted rows).
  const deferredSearch = useDeferredValue(query.search);
  const { ping, platform, tag, sort, descending } = query;
  // Keyed on the fields, not on `query`: a keystroke alone must not filter the 20,000 rows again.
  const deferredQuery = useMemo<InstanceQuery>(
    () => ({ search: deferredSearch, ping, platform, tag, sort, descending }),
    [deferredSearch, ping, platform, tag, sort, descending],
  );

  const labels = useMemo(() => profileLabels(profiles), [profiles]);
  const rows = useMemo(() => buildRows(inventory, labels), [inventory, labels]);
  const shown = useMemo(
    () => applyQuery(rows, deferredQuery, inventory.favourites),
    [rows, deferredQuery, inventory.favourites],
  );
  const options = useMemo(() => filterOptions(rows), [rows]);
  const signInProfiles = useMemo(() => new Set(profiles.filter(canSignIn).map((p) => p.id)), [profiles]);
  // Ticked rows that still exist (a refresh may drop some); hidden ones by the filters count too.
  const chosen = useMemo(() => rows.filter((r) => selected.has(r.key)), [rows, selected]);
  const runnable = chosen.filter((r) => r.connectable);
  const hiddenChosen = chosen.length - shown.filter((r) => selected.has(r.key)).length;

  const loading = !inventory.loaded || inventory.scopes.some((s) => s.status === 'loading');
  const failed = inventory.scopes.filter((s) => s.status === 'error');

  const actions = useMemo<InstanceActions>(
    () => ({
      openShell: onOpenShell,
      forwardPort: (row) => setDialog({ kind: 'forward', row }),
      runCommand: (row) => setDialog({ kind: 'run', row }),
      toggleFavourite: (row) => {
        const favourite = !model.inventory.get().favourites.has(row.key);
        void model.attempt('Updating favourites', () =>
          model.client.call('favourites.set', { key: row.key, favourite }),
        );
      },
      copyInstanceId: (row) => {
        void copyText(row.record.instanceId).then((ok) =>
          model.notices.push(
            ok ? 'info' : 'warning',
            ok ? `Copied ${row.record.instanceId}` : 'Could not use the clipboard',
          ),
        );
      },
      copySshConfig: (row) => {
        void model
          .attempt('Making the SSH config entry', () => model.client.call('instances.sshConfig', row.target))
          .then(async (result) => {
            if (!result) return;
            const ok = await copyText(result.text);
            model.notices.push(
              ok ? 'info' : 'warning',
              ok ? `Copied an SSH config entry for ${row.displayName}` : 'Could not use the clipboard',
            );
          });
      },
      remoteDesktop: (row) => {
        model.notices.push('info', `Starting remote desktop to ${row.displayName}…`);
        void model
          .attempt(`Remote desktop to ${row.displayName}`, () => model.client.call('tunnels.rdp', row.target))
          .then((result) => {
            if (!result) return;
            const file = result.file.split(/[\\/]/).at(-1) ?? result.file;
            model.notices.push(
              'info',
              `Remote desktop to ${row.displayName} on 127.0.0.1:${result.localPort}; ${file} opened (the Tunnels view lists the tunnel)`,
            );
          });
      },
    }),
    [model, onOpenShell],
  );

  const refresh = (): void => {
    void model.attempt('Refreshing', () => model.client.call('inventory.refresh', {}));
  };

  let empty: ReactElement | undefined;
  if (rows.length > 0 && shown.length === 0) {
    empty = (
      <EmptyState
        icon="search"
        title="No instances match"
        actions={
          <Button
            onClick={() => setQuery((q) => ({ ...q, search: '', ping: 'all', platform: 'all', tag: '' }))}
          >
            Clear search and filters
          </Button>
        }
      >
        {query.search.trim()
          ? `Nothing listed matches “${query.search.trim()}” with these filters.`
          : 'No instance passes these filters.'}
      </EmptyState>
    );
  } else if (rows.length === 0 && inventory.scopes.length > 0 && failed.length === inventory.scopes.length) {
    empty = (
      <EmptyState
        icon="alert"
        tone="error"
        title="No region could be listed"
        actions={
          <>
            <Button variant="primary" icon="refresh" onClick={refresh}>
              Try again
            </Button>
            <Button onClick={onOpenSettings}>Settings</Button>
          </>
        }
      >
        Each profile and region failed; the reasons are shown above.
      </EmptyState>
    );
  } else if (rows.length === 0) {
    empty = (
      <EmptyState
        icon="server"
        title={inventory.scopes.length === 0 ? 'Nothing to list yet' : 'No instances here'}
        actions={
          <>
            <Button variant="primary" onClick={onOpenSettings}>
              Choose profiles and regions
            </Button>
            <Button icon="refresh" onClick={refresh}>
              Refresh
            </Button>
          </>
        }
      >
        {inventory.scopes.length === 0
          ? 'Pick the AWS profiles and regions to list in Settings.'
          : 'The chosen profiles and regions have no EC2 instances or managed nodes.'}
      </EmptyState>
    );
  }

  return (
    <section className="view instances-view" aria-label="Instances">
      <InstanceToolbar
        query={query}
        onChange={(change) => setQuery((q) => ({ ...q, ...change }))}
        platforms={options.platforms}
        tags={options.tags}
        shown={shown.length}
        total={rows.length}
        loading={loading && inventory.loaded}
        onRefresh={refresh}
        searchRef={searchRef}
      />
      <ScopeBar
        scopes={inventory.scopes}
        labels={labels}
        onRetry={(scope) =>
          void model.attempt('Refreshing', () =>
            model.client.call('inventory.refresh', { profile: scope.profile, region: scope.region }),
          )
        }
        signInProfiles={signInProfiles}
        onSignIn={onSignIn}
      />
      <div className="work-card grid-frame">
        <div className={loading ? 'progress-line progress-line-on' : 'progress-line'} aria-hidden="true" />
        <InstanceGrid
          rows={shown}
          favourites={inventory.favourites}
          query={query}
          onSort={(key) =>
            setQuery((q) => ({ ...q, sort: key, descending: q.sort === key ? !q.descending : false }))
          }
          actions={actions}
          loading={rows.length === 0 && loading}
          empty={empty}
          selected={selected}
          onSelectedChange={setSelected}
        />
        {chosen.length > 0 && (
          <div className="selection-bar" role="toolbar" aria-label="Selected instances">
            <span className="selection-count" aria-live="polite">
              {chosen.length} selected
              {hiddenChosen > 0 && <span className="muted"> ({hiddenChosen} hidden by the filters)</span>}
            </span>
            <Button
              variant="primary"
              icon="run"
              disabled={runnable.length === 0}
              onClick={() => setFleetOpen(true)}
            >
              {`Run command on ${plural(runnable.length, 'instance')}`}
            </Button>
            <Button variant="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          </div>
        )}
      </div>
      {dialog?.kind === 'forward' && (
        <ForwardPortDialog
          model={model}
          row={dialog.row}
          onClose={() => setDialog(undefined)}
          onShowTunnels={() => onShowView('tunnels')}
        />
      )}
      {fleetOpen && (
        <FleetCommandDialog
          model={model}
          targets={runnable.map((row) => ({ target: row.target, name: row.displayName }))}
          skipped={chosen.length - runnable.length}
          onClose={() => setFleetOpen(false)}
          onStarted={(run) => {
            setFleetOpen(false);
            onFleetStarted(run);
          }}
        />
      )}
      {dialog?.kind === 'run' && (
        <RunCommandDialog model={model} row={dialog.row} onClose={() => setDialog(undefined)} />
      )}
    </section>
  );
}
