import '@xterm/xterm/css/xterm.css';
import './recordings.css';
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { RecordingInfo } from '../../../src-shared/model/recording';
import type { AppModel } from '../app/app-model';
import { formatBytes, formatDuration, formatWhen, plural } from '../app/format';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { IconButton } from '../components/IconButton';
import { VirtualTable, type RowState, type TableColumn } from '../components/VirtualTable';
import { useStore } from '../state/store';
import type { ResolvedTheme } from '../theme/use-resolved-theme';
import { RecordingPlayer } from './RecordingPlayer';
import { RecordingsModel } from './recordings-model';

const COLUMNS: readonly TableColumn[] = [
  { id: 'title', label: 'Recording', width: 'minmax(120px, 1fr)' },
  { id: 'started', label: 'Started', width: '92px' },
  { id: 'length', label: 'Length', width: '72px' },
  { id: 'actions', label: 'Actions', width: '72px', hideLabel: true },
];

const recordingKey = (r: RecordingInfo): string => r.id;
const recordingName = (r: RecordingInfo): string => r.title;

export interface RecordingsViewProps {
  model: AppModel;
  theme: ResolvedTheme;
  onShowTerminals: () => void;
}

/**
 * Recorded shell sessions (asciicast v2 in the user-data folder): a list, and a player beside it.
 * Record a tab from its menu ("Record session"), or every new shell from Settings.
 */
export default function RecordingsView({ model, theme, onShowTerminals }: RecordingsViewProps): ReactElement {
  const [recordings] = useState(() => new RecordingsModel(model));
  useEffect(() => recordings.start(), [recordings]);
  const list = useStore(recordings.list);
  const settings = useStore(model.settings);
  const [chosenId, setChosenId] = useState<string | undefined>(undefined);
  const [deleting, setDeleting] = useState<RecordingInfo | undefined>(undefined);
  const chosen = list.recordings.find((r) => r.id === chosenId);

  const renderRow = useCallback(
    (recording: RecordingInfo, { tabIndex }: RowState) => (
      <>
        <div role="gridcell" className="vt-cell vt-cell-stack" title={recording.title}>
          <span className="vt-strong truncate">
            {recording.live && (
              <span className="recording-live" title="Still recording">
                ● REC
              </span>
            )}
            {recording.title}
          </span>
          <span className="vt-sub truncate">
            {recording.target ? `${recording.target.instanceId} · ${recording.target.region}` : ''}
          </span>
        </div>
        <div role="gridcell" className="vt-cell">
          {formatWhen(recording.startedAt)}
        </div>
        <div role="gridcell" className="vt-cell vt-cell-stack vt-cell-num">
          <span>{formatDuration(recording.durationMs)}</span>
          <span className="vt-sub">{formatBytes(recording.bytes)}</span>
        </div>
        <div role="gridcell" className="vt-cell vt-cell-end">
          <IconButton
            icon="run"
            label="Play"
            variant="accent"
            tabIndex={tabIndex}
            onClick={() => setChosenId(recording.id)}
          />
          <IconButton
            icon="trash"
            label="Delete"
            variant="danger"
            tabIndex={tabIndex}
            onClick={() => setDeleting(recording)}
          />
        </div>
      </>
    ),
    [],
  );

  const empty =
    list.loaded && list.recordings.length === 0 ? (
      <EmptyState
        icon="film"
        title={list.error ? 'Could not list the recordings' : 'No recordings yet'}
        tone={list.error ? 'error' : 'neutral'}
        actions={<Button onClick={onShowTerminals}>Go to terminals</Button>}
      >
        {list.error ?? (
          <>
            Choose <strong>Record session</strong> in a terminal tab’s menu (right click, or Shift+F10), or
            turn on recording of every new shell in Settings.
          </>
        )}
      </EmptyState>
    ) : undefined;

  return (
    <section className="view work-view recordings-view" aria-label="Recordings">
      <div className="work-toolbar">
        <h1 className="work-title">Recordings</h1>
        <span className="work-toolbar-spacer" />
        <span className="work-count" aria-live="polite">
          {list.loaded ? plural(list.recordings.length, 'recording') : ''}
        </span>
      </div>
      <div className="work-split">
        <div className="work-card recordings-list">
          <VirtualTable
            label="Recordings"
            columns={COLUMNS}
            rows={list.recordings}
            getKey={recordingKey}
            getName={recordingName}
            renderRow={renderRow}
            rowHeight={48}
            onActivate={(recording) => setChosenId(recording.id)}
            onRowKey={(recording, event) => {
              if (event.key !== 'Delete') return false;
              setDeleting(recording);
              return true;
            }}
            selectedKey={chosen?.id ?? ''}
            busy={!list.loaded}
            empty={empty}
          />
        </div>
        <div className="work-card player-card">
          {chosen ? (
            <RecordingPlayer
              key={chosen.id}
              model={model}
              recording={chosen}
              theme={theme}
              terminal={settings.terminal}
            />
          ) : (
            <EmptyState icon="run" title="Nothing playing">
              Choose a recording (Enter, or Play) to replay it here.
            </EmptyState>
          )}
        </div>
      </div>
      {deleting && (
        <ConfirmDialog
          title={`Delete the recording “${deleting.title}”?`}
          confirm="Delete recording"
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            const { id } = deleting;
            setDeleting(undefined);
            if (chosenId === id) setChosenId(undefined);
            void model.attempt('Deleting the recording', () =>
              model.client.call('recordings.delete', { id }),
            );
          }}
        >
          Its file is removed from SSM Desk’s data folder.
        </ConfirmDialog>
      )}
    </section>
  );
}
