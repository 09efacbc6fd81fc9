import type { ReactElement } from 'react';
import { IconButton } from '../components/IconButton';
import { MenuButton } from '../components/MenuButton';
import { whyNotConnectable, type InstanceActions } from './instance-actions';
import type { InstanceRow } from './instance-row';

export interface RowActionsProps {
  row: InstanceRow;
  favourite: boolean;
  actions: InstanceActions;
  /** Only the active row's controls are in the Tab order (roving focus). */
  tabIndex: number;
}

/** The row's actions: a shell, a port forward, a command; copying its id or an ssh config entry. */
export function RowActions({ row, favourite, actions, tabIndex }: RowActionsProps): ReactElement {
  const blocked = whyNotConnectable(row);
  return (
    <div className="row-actions">
      <IconButton
        icon="terminal"
        label="Open shell"
        variant="accent"
        note={blocked}
        unavailable={blocked !== undefined}
        tabIndex={tabIndex}
        onClick={() => actions.openShell(row)}
      />
      <IconButton
        icon="forward"
        label="Forward port"
        note={blocked}
        unavailable={blocked !== undefined}
        tabIndex={tabIndex}
        onClick={() => actions.forwardPort(row)}
      />
      <IconButton
        icon="run"
        label="Run command"
        note={blocked}
        unavailable={blocked !== undefined}
        tabIndex={tabIndex}
        onClick={() => actions.runCommand(row)}
      />
      <MenuButton
        label="More actions"
        tabIndex={tabIndex}
        items={[
          ...(row.record.platformType === 'Windows'
            ? [
                {
                  label: 'Remote desktop',
                  icon: 'desktop' as const,
                  disabled: blocked !== undefined,
                  note: blocked ?? 'Forwards 3389 and opens an .rdp file',
                  onSelect: () => actions.remoteDesktop(row),
                },
              ]
            : []),
          { label: 'Copy instance ID', icon: 'copy', onSelect: () => actions.copyInstanceId(row) },
          { label: 'Copy SSH config entry', icon: 'copy', onSelect: () => actions.copySshConfig(row) },
          {
            label: favourite ? 'Remove from favourites' : 'Add to favourites',
            icon: 'star',
            onSelect: () => actions.toggleFavourite(row),
          },
        ]}
      />
    </div>
  );
}
