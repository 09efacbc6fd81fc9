import type { ReactElement, ReactNode } from 'react';
import { Button } from './Button';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  /** The confirming button's words ("Delete tunnel"). */
  confirm: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Are you sure?" for what cannot be undone; the confirming button has focus, Escape cancels. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  danger = true,
  onConfirm,
  onCancel,
}: ConfirmDialogProps): ReactElement {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant={danger ? 'danger' : 'primary'} autoFocus onClick={onConfirm}>
            {confirm}
          </Button>
        </>
      }
    >
      <div className="dialog-text">{children}</div>
    </Dialog>
  );
}
