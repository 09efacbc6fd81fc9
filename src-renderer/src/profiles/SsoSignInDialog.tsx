import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { SsoLogin } from '../../../src-shared/model/identity';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { copyText } from '../app/clipboard';
import { wordsForCode } from '../app/error-words';
import { Button } from '../components/Button';
import { Countdown } from '../components/Countdown';
import { Dialog } from '../components/Dialog';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';

export interface SsoSignInDialogProps {
  model: AppModel;
  profile: string;
  profileLabel: string;
  /** Signed in: the caller lists the profile's instances again. */
  onSignedIn: (profile: string) => void;
  onClose: () => void;
}

/**
 * IAM Identity Center sign-in by device authorization, as `aws sso login` does it: the page to open
 * and the code to confirm there, then the token is written where the AWS CLI looks for it (one
 * sign-in for the app and the CLI). The page opens in the system browser.
 */
export function SsoSignInDialog({
  model,
  profile,
  profileLabel,
  onSignedIn,
  onClose,
}: SsoSignInDialogProps): ReactElement {
  const [login, setLogin] = useState<SsoLogin | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const loginId = useRef<string | undefined>(undefined);
  const early = useRef<SsoLogin[]>([]);
  const reported = useRef(false);

  useEffect(() => {
    let current = true;
    loginId.current = undefined;
    early.current = [];
    // Events can come before the answer to sso.login: kept until its loginId is known.
    const stop = model.client.on('sso.changed', (next) => {
      if (!current || next.profile !== profile) return;
      if (loginId.current === undefined) early.current.push(next);
      else if (next.loginId === loginId.current) setLogin(next);
    });
    model.client.call('sso.login', { profile }).then(
      (started) => {
        if (!current) return;
        loginId.current = started.loginId;
        const later = early.current.filter((e) => e.loginId === started.loginId).at(-1);
        setLogin(later && later.state !== 'waiting' ? later : started);
      },
      (error: unknown) => current && setFailure(describeError(error)),
    );
    return () => {
      current = false;
      stop();
    };
  }, [model, profile, attempt]);

  useEffect(() => {
    if (login?.state === 'done' && !reported.current) {
      reported.current = true;
      onSignedIn(profile);
    }
  }, [login?.state, onSignedIn, profile]);

  const close = (): void => {
    const id = loginId.current;
    if (id && login?.state === 'waiting')
      void model.client.call('sso.cancel', { loginId: id }).catch(() => undefined);
    onClose();
  };

  const retry = (): void => {
    setLogin(undefined);
    setFailure(undefined);
    setAttempt((n) => n + 1);
  };

  const page = login?.verificationUriComplete ?? login?.verificationUri;
  const failed =
    failure ??
    (login?.state === 'failed'
      ? login.error
        ? (wordsForCode(login.error.code) ?? login.error.message)
        : 'The sign-in failed'
      : undefined);
  const detail =
    login?.state === 'failed' && login.error && wordsForCode(login.error.code)
      ? login.error.message
      : undefined;

  let body: ReactElement;
  if (failed) {
    body = (
      <div className="sso-result sso-result-failed" role="alert">
        <Icon name="alert" />
        <div>
          <strong>{failed}</strong>
          {detail && <p className="dialog-text">{detail}</p>}
        </div>
      </div>
    );
  } else if (!login) {
    body = (
      <p className="sso-status" role="status">
        <Spinner size={14} /> Asking IAM Identity Center for a code…
      </p>
    );
  } else if (login.state === 'done') {
    body = (
      <div className="sso-result sso-result-done" role="status">
        <Icon name="check" />
        <strong>Signed in. The AWS CLI uses the same sign-in.</strong>
      </div>
    );
  } else {
    body = (
      <>
        <p className="dialog-text">
          Open the verification page, sign in there if asked, and confirm that it shows this code:
        </p>
        <output className="code-box" aria-label="Code">
          {login.userCode ?? '…'}
        </output>
        <div className="sso-actions">
          {page && (
            <a
              className="btn btn-primary"
              href={page}
              target="_blank"
              rel="noreferrer"
              onClick={(event) => {
                event.preventDefault();
                void model.attempt('Opening the verification page', () =>
                  model.client.call('app.openExternal', { url: page }),
                );
              }}
            >
              <Icon name="external" />
              <span>Open verification page</span>
            </a>
          )}
          {login.userCode && (
            <Button
              icon="copy"
              onClick={() => {
                const code = login.userCode ?? '';
                void copyText(code).then((ok) =>
                  model.notices.push(
                    ok ? 'info' : 'warning',
                    ok ? 'Copied the code' : 'Could not use the clipboard',
                  ),
                );
              }}
            >
              Copy code
            </Button>
          )}
        </div>
        <p className="sso-status" role="status">
          <Spinner size={14} /> Waiting for the approval…
          {login.expiresAt !== undefined && (
            <span className="muted">
              {' '}
              (the code expires in <Countdown until={login.expiresAt} />)
            </span>
          )}
        </p>
      </>
    );
  }

  return (
    <Dialog
      title={`Sign in: ${profileLabel}`}
      onClose={close}
      footer={
        failed ? (
          <>
            <Button onClick={close}>Close</Button>
            <Button variant="primary" icon="refresh" onClick={retry} autoFocus>
              Try again
            </Button>
          </>
        ) : (
          <Button
            variant={login?.state === 'done' ? 'primary' : 'secondary'}
            onClick={close}
            autoFocus={login?.state === 'done'}
          >
            {login?.state === 'done' ? 'Done' : 'Cancel'}
          </Button>
        )
      }
    >
      {body}
    </Dialog>
  );
}
