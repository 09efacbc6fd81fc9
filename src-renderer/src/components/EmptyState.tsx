import type { ReactElement, ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export interface EmptyStateProps {
  icon: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  tone?: 'neutral' | 'error';
}

/** What a view shows when it has nothing to list (or could not list it), with a way forward. */
export function EmptyState({
  icon,
  title,
  children,
  actions,
  tone = 'neutral',
}: EmptyStateProps): ReactElement {
  return (
    <div className={`empty-state empty-state-${tone}`}>
      <div className="empty-state-icon">
        <Icon name={icon} size={28} />
      </div>
      <h2 className="empty-state-title">{title}</h2>
      {children && <div className="empty-state-text">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}
