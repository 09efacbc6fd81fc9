import type { ReactElement } from 'react';
import type { Notices } from '../app/notices';
import { useStore } from '../state/store';
import { Icon } from './Icon';
import { IconButton } from './IconButton';

/** The corner where notices appear; a live region, so screen readers announce them too. */
export function NoticeArea({ notices }: { notices: Notices }): ReactElement {
  const list = useStore(notices.list);
  return (
    <div className="notice-area" role="status" aria-live="polite">
      {list.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.level}`}>
          <Icon name={notice.level === 'info' ? 'check' : notice.level === 'warning' ? 'alert' : 'alert'} />
          <span className="notice-text">{notice.text}</span>
          <IconButton icon="close" label="Dismiss" onClick={() => notices.dismiss(notice.id)} />
        </div>
      ))}
    </div>
  );
}
