import { useCallback, useEffect, useMemo, useState, type ReactElement } from 'react';
import type { RequestResult } from '../../../src-shared/contract/requests';
import type { DatabaseRecord } from '../../../src-shared/model/database';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { wordsForCode } from '../app/error-words';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { RegionProfileCell } from '../components/RegionProfileCell';
import { VirtualTable, type RowState, type TableColumn } from '../components/VirtualTable';
import { profileLabel, profileLabels } from '../instances/instance-row';
import { useStore } from '../state/store';

type Listing = RequestResult<'databases.list'>;

const COLUMNS: readonly TableColumn[] = [
  { id: 'name', label: 'Database', width: 'minmax(180px, 1.2fr)' },
  { id: 'kind', label: 'Kind', width: '110px' },
  { id: 'endpoint', label: 'Endpoint', width: 'minmax(220px, 2fr)' },
  { id: 'status', label: 'Status', width: '110px' },
  { id: 'scope', label: 'Region', width: 'minmax(130px, 0.8fr)' },
  { id: 'actions', label: 'Actions', width: '150px', hideLabel: true },
];

export const databaseKey = (db: DatabaseRecord): string =>
  `${db.profile}|${db.region}|${db.kind}|${db.identifier}`;
const databaseName = (db: DatabaseRecord): string => db.identifier;

export interface DatabasesPanelProps {
  model: AppModel;
  /** "Tunnel through…": the caller asks for the instance, then opens the tunnel form. */
  onTunnel: (db: DatabaseRecord) => void;
}

/**
 * The RDS instances and Aurora clusters of every chosen profile × region (listed when the panel is
 * first shown, and on Refresh), each with "Tunnel through…" an instance that reaches it.
 */
export function DatabasesPanel({ model, onTunnel }: DatabasesPanelProps): ReactElement {
  const profiles = useStore(model.profiles);
  const [listing, setListing] = useState<Listing | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const labels = useMemo(() => profileLabels(profiles), [profiles]);

  const fetchList = useCallback(() => {
    model.client.call('databases.list', {}).then(
      (result) => {
        setListing(result);
        setFailure(undefined);
        setLoading(false);
      },
      (error: unknown) => {
        setFailure(describeError(error));
        setLoading(false);
      },
    );
  }, [model]);
  useEffect(fetchList, [fetchList]);
  const load = (): void => {
    setLoading(true);
    setFailure(undefined);
    fetchList();
  };

  const renderRow = useCallback(
    (db: DatabaseRecord, { tabIndex }: RowState) => (
      <>
        <div role="gridcell" className="vt-cell vt-cell-stack">
          <span className="vt-strong truncate">{db.identifier}</span>
          <span className="vt-sub truncate">{db.engine}</span>
        </div>
        <div role="gridcell" className="vt-cell">
          {db.kind === 'cluster' ? 'Aurora cluster' : 'Instance'}
        </div>
        <div role="gridcell" className="vt-cell" title={`${db.endpoint}:${db.port}`}>
          <span className="mono truncate">
            {db.endpoint}:{db.port}
          </span>
        </div>
        <div role="gridcell" className="vt-cell">
          <span className={`pill pill-${db.status === 'available' ? 'success' : 'neutral'}`}>
            <span className="dot" />
            {db.status ?? 'unknown'}
          </span>
        </div>
        <RegionProfileCell region={db.region} profile={profileLabel(db.profile, labels)} />
        <div role="gridcell" className="vt-cell vt-cell-end">
          <Button icon="forward" className="btn-small" tabIndex={tabIndex} onClick={() => onTunnel(db)}>
            Tunnel through…
          </Button>
        </div>
      </>
    ),
    [labels, onTunnel],
  );

  const databases = listing?.databases ?? [];
  let empty: ReactElement | undefined;
  if (failure) {
    empty = (
      <EmptyState
        icon="alert"
        tone="error"
        title="Could not list the databases"
        actions={
          <Button variant="primary" icon="refresh" onClick={load}>
            Try again
          </Button>
        }
      >
        {failure}
      </EmptyState>
    );
  } else if (listing && databases.length === 0) {
    empty = (
      <EmptyState icon="database" title="No databases found">
        {listing.errors.length > 0
          ? 'Some profiles and regions could not be listed; the reasons are shown above.'
          : 'The chosen profiles and regions have no RDS instances or Aurora clusters.'}
      </EmptyState>
    );
  } else if (!listing) {
    empty = (
      <div className="view-loading databases-loading">
        <Spinner size={16} /> Listing databases…
      </div>
    );
  }

  return (
    <>
      <div className="databases-bar">
        <span className="work-count" aria-live="polite">
          {loading
            ? 'Listing RDS instances and Aurora clusters…'
            : listing
              ? `${databases.length} databases`
              : ''}
        </span>
        {listing?.errors.map(({ profile, region, error }) => (
          <span key={`${profile}|${region}`} className="scope scope-error" title={error.message}>
            <Icon name="alert" size={14} />
            <span className="scope-name">
              {region} · {profileLabel(profile, labels)}
            </span>
            <span className="scope-error-text">{wordsForCode(error.code) ?? error.message}</span>
          </span>
        ))}
        <span className="work-toolbar-spacer" />
        <Button icon="refresh" className="btn-small" onClick={load} disabled={loading}>
          Refresh
        </Button>
      </div>
      <div className="work-card">
        <VirtualTable
          label="Databases"
          columns={COLUMNS}
          rows={databases}
          getKey={databaseKey}
          getName={databaseName}
          renderRow={renderRow}
          rowHeight={48}
          onActivate={onTunnel}
          busy={loading}
          empty={empty}
        />
      </div>
    </>
  );
}
