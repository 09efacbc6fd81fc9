import './instances.css';
import { useDeferredValue, useMemo, useState, type ReactElement, type RefObject } from 'react';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { copyText } from '../app/clipboard';
import type { AppModel } from '../app/app-model';
import { useStore } from '../state/store';
import type { InstanceActions } from './instance-actions';
import { applyQuery, DEFAULT_QUERY, filterOptions, type InstanceQuery } from './instance-query';
import { ForwardPortDialog } from './ForwardPortDialog';
import { buildRows, type InstanceRow } from './instance-row';
import { InstanceGrid } from './InstanceGrid';
import { InstanceToolbar } from './InstanceToolbar';
import { RunCommandDialog } from './RunCommandDialog';
import { ScopeBar } from './ScopeBar';

export interface InstancesViewProps {
  model: AppModel;
  onOpenShell: (row: InstanceRow) => void;
  onOpenSettings: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** The instance browser: every chosen profile × region, searchable, filterable and sortable. */
export function InstancesView({
  model,
  onOpenShell,
  onOpenSettings,
  searchRef,
}: InstancesViewProps): ReactElement {
  const inventory = useStore(model.inventory);
  const profiles = useStore(model.profiles);
  const [query, setQuery] = useState<InstanceQuery>(DEFAULT_QUERY);
  const [dialog, setDialog] = useState<{ kind: 'forward' | 'run'; row: InstanceRow } | undefined>(undefined);
  // Typing stays responsive with 20,000 rows: the filtered list follows a moment later.
  const deferredQuery = useDeferredValue(query);

  const labels = useMemo(() => new Map(profiles.map((p) => [p.id, p.label])), [profiles]);
  const rows = useMemo(() => buildRows(inventory, labels), [inventory, labels]);
  const shown = useMemo(
    () => applyQuery(rows, deferredQuery, inventory.favourites),
    [rows, deferredQuery, inventory.favourites],
  );
  const options = useMemo(() => filterOptions(rows), [rows]);

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
      />
      <div className="grid-frame">
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
        />
      </div>
      {dialog?.kind === 'forward' && (
        <ForwardPortDialog model={model} row={dialog.row} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.kind === 'run' && (
        <RunCommandDialog model={model} row={dialog.row} onClose={() => setDialog(undefined)} />
      )}
    </section>
  );
}
