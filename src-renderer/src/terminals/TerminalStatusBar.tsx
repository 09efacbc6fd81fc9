import { useState, type ReactElement } from 'react';
import type { TabInfo } from '../../../src-shared/model/tab';
import type { TabActions } from '../app/tab-actions';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { describeEnd } from './end-reason';

export interface TerminalStatusBarProps {
  tab: TabInfo;
  size: { cols: number; rows: number } | undefined;
  actions: TabActions;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * The line under a terminal, always the same height: the session's state, and the banner while the
 * data channel reconnects (input is held meanwhile) or after the session ended (why, and Reconnect).
 */
export function TerminalStatusBar({ tab, size, actions }: TerminalStatusBarProps): ReactElement {
  const [details, setDetails] = useState(false);
  const where = `${tab.target.instanceId} · ${tab.target.region}`;
  let tone = 'open';
  let body: ReactElement;
  if (tab.state === 'starting') {
    tone = 'starting';
    body = (
      <>
        <Spinner size={12} />
        <span className="status-text">Starting a session on {tab.targetName ?? tab.target.instanceId}…</span>
      </>
    );
  } else if (tab.state === 'reconnecting') {
    tone = 'reconnecting';
    body = (
      <>
        <Spinner size={12} />
        <span className="status-text">
          <strong>Connection lost — reconnecting</strong>
          {tab.detail ? ` (${tab.detail})` : ''}. Typing is held and sent once the session resumes
          {tab.heldInput > 0 ? ` (${formatBytes(tab.heldInput)} waiting)` : ''}.
        </span>
      </>
    );
  } else if (tab.state === 'ended') {
    const reason = tab.end ? describeEnd(tab.end) : { title: 'The session ended', failed: false };
    tone = reason.failed ? 'failed' : 'ended';
    body = (
      <>
        <Icon name={reason.failed ? 'alert' : 'info'} size={14} />
        <span className="status-text">
          <strong>{reason.title}.</strong> Press Enter or choose Reconnect to start a new session.
        </span>
        <span className="status-actions">
          {reason.detail && (
            <Button variant="ghost" onClick={() => setDetails(true)}>
              Details
            </Button>
          )}
          <Button variant="primary" icon="refresh" onClick={() => actions.reconnect(tab.tabId)}>
            Reconnect
          </Button>
        </span>
        {details && reason.detail && (
          <Dialog
            title={reason.title}
            onClose={() => setDetails(false)}
            footer={<Button onClick={() => setDetails(false)}>Close</Button>}
          >
            <pre className="end-detail">{reason.detail}</pre>
          </Dialog>
        )}
      </>
    );
  } else {
    body = (
      <>
        <span className="status-dot" aria-hidden="true" />
        <span className="status-text">
          Connected to {tab.targetName ?? tab.target.instanceId}
          <span className="muted"> · {where}</span>
        </span>
        {tab.encrypted && (
          <span className="status-chip">
            <Icon name="lock" size={12} /> KMS-encrypted
          </span>
        )}
        {tab.broadcast && (
          <span className="status-chip status-chip-broadcast">
            <Icon name="broadcast" size={12} /> Input broadcast to the group
          </span>
        )}
        {tab.recording && (
          <span className="status-chip status-chip-recording">
            <Icon name="record" size={10} /> Recording
          </span>
        )}
      </>
    );
  }
  return (
    <div className={`terminal-status terminal-status-${tone}`} role="status">
      {body}
      <span className="status-spacer" />
      {tab.sessionId && tab.state !== 'ended' && (
        <span className="status-session muted mono" title="Session ID">
          {tab.sessionId}
        </span>
      )}
      {size && (
        <span className="status-size muted" title="Terminal size (columns × rows)">
          {size.cols}×{size.rows}
        </span>
      )}
    </div>
  );
}
