import type { ReactElement } from 'react';
import { connectionHint, type TunnelSpec, type TunnelStatus } from '../../../src-shared/model/tunnel';
import { Button } from '../components/Button';
import { IconButton } from '../components/IconButton';
import { MenuButton } from '../components/MenuButton';
import type { TunnelActions } from './tunnel-actions';
import { isRunning, localAddress } from './tunnel-words';

export interface TunnelRowActionsProps {
  spec: TunnelSpec;
  status: TunnelStatus;
  actions: TunnelActions;
  tabIndex: number;
}

/**
 * Start and Stop (always in the same place, and focusable when they do not apply, so focus stays put
 * after pressing one),
 * the shortcut for its port, and the rest in a menu.
 */
export function TunnelRowActions({ spec, status, actions, tabIndex }: TunnelRowActionsProps): ReactElement {
  const running = isRunning(status.state);
  const hint =
    status.state === 'forwarding' && status.localPort !== undefined
      ? connectionHint(spec, status.localPort)
      : undefined;
  const address = status.localPort !== undefined ? localAddress(spec, status) : undefined;
  return (
    <div className="vt-actions">
      {hint?.kind === 'browser' ? (
        <IconButton
          icon="external"
          label="Open in browser"
          note={hint.text}
          tabIndex={tabIndex}
          onClick={() => actions.openInBrowser(hint.text)}
        />
      ) : hint?.kind === 'connection-string' ? (
        <IconButton
          icon="copy"
          label="Copy connection string"
          note={hint.text}
          tabIndex={tabIndex}
          onClick={() => actions.copy(hint.text, 'the connection string')}
        />
      ) : (
        <span className="icon-button-space" aria-hidden="true" />
      )}
      <Button
        icon="run"
        className="btn-small"
        aria-disabled={running || undefined}
        tabIndex={tabIndex}
        onClick={() => !running && actions.start(spec)}
      >
        Start
      </Button>
      <Button
        icon="stop"
        className="btn-small"
        aria-disabled={!running || undefined}
        tabIndex={tabIndex}
        onClick={() => running && actions.stop(spec)}
      >
        Stop
      </Button>
      <MenuButton
        label="More tunnel actions"
        tabIndex={tabIndex}
        items={[
          { label: 'Edit…', icon: 'pencil', onSelect: () => actions.edit(spec) },
          { label: 'Duplicate', icon: 'copy', onSelect: () => actions.duplicate(spec) },
          {
            label: 'Copy local address',
            icon: 'copy',
            disabled: address === undefined,
            note: address === undefined ? 'Start the tunnel first' : undefined,
            onSelect: () => address && actions.copy(address, address),
          },
          { label: 'Export…', icon: 'download', onSelect: () => actions.exportOne(spec) },
          { label: 'Delete…', icon: 'trash', onSelect: () => actions.remove(spec) },
        ]}
      />
    </div>
  );
}
