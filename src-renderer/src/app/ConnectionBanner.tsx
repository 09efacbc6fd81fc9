import type { ReactElement } from 'react';
import type { ConnectionInfo } from '../contract/connection';
import { Spinner } from '../components/Spinner';

/**
 * Shown while this window has no link to the core (browser mode's socket dropped, or the first
 * connection is slow). The core keeps every session meanwhile; the window catches up when back.
 */
export function ConnectionBanner({ connection }: { connection: ConnectionInfo }): ReactElement | null {
  if (connection.status === 'open') return null;
  const first = connection.status === 'connecting';
  return (
    <div className={first ? 'connection-banner connection-banner-first' : 'connection-banner'} role="alert">
      <Spinner size={14} />
      <strong>{first ? 'Connecting to SSM Desk…' : 'Reconnecting to SSM Desk…'}</strong>
      {connection.attempts >= 3 && (
        <span className="connection-detail">
          Still trying (attempt {connection.attempts}); your sessions keep running.
        </span>
      )}
    </div>
  );
}
