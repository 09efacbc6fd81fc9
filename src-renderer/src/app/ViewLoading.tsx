import type { ReactElement } from 'react';
import { Spinner } from '../components/Spinner';

/** What a lazily loaded view shows while its code arrives. */
export function ViewLoading({ what }: { what: string }): ReactElement {
  return (
    <div className="view-loading">
      <Spinner size={18} /> Loading {what}…
    </div>
  );
}
