import { useState, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { Dialog } from '../components/Dialog';

export interface ConfirmCloseDialogProps {
  tab: TabInfo;
  onConfirm: (dontAskAgain: boolean) => void;
  onCancel: () => void;
}

/** Closing a tab ends its session; asked only while the session runs (and the setting says so). */
export function ConfirmCloseDialog({ tab, onConfirm, onCancel }: ConfirmCloseDialogProps): ReactElement {
  const [dontAsk, setDontAsk] = useState(false);
  return (
    <Dialog
      title={`Close “${tab.title}”?`}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" autoFocus onClick={() => onConfirm(dontAsk)}>
            Close tab
          </Button>
        </>
      }
    >
      <p className="dialog-text">
        Its session on {tab.targetName ?? tab.target.instanceId} is still running. Closing the tab ends the
        session for good.
      </p>
      <Checkbox checked={dontAsk} onChange={setDontAsk}>
        Don’t ask again
      </Checkbox>
    </Dialog>
  );
}
