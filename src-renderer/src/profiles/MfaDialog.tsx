import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { MfaRequest } from '../../../src-shared/model/identity';
import type { AppModel } from '../app/app-model';
import { describeError } from '../app/app-model';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { FormError } from '../components/FormError';

export interface MfaDialogProps {
  model: AppModel;
  request: MfaRequest;
  profileLabel: string;
}

/**
 * The engine needs an MFA code to assume a role: asked here, sent once, never kept (not in a store,
 * not in settings). Closes when any view answered or cancelled the question.
 */
export function MfaDialog({ model, request, profileLabel }: MfaDialogProps): ReactElement {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const inputId = useId();
  const valid = /^\d{6}$/.test(code);

  const cancel = (): void => {
    model.mfa.settle(request.requestId);
    void model.client.call('mfa.cancel', { requestId: request.requestId }).catch(() => undefined);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setFailure(undefined);
    const answer = code;
    setCode('');
    try {
      await model.client.call('mfa.answer', { requestId: request.requestId, code: answer });
      model.mfa.settle(request.requestId);
    } catch (error) {
      setFailure(describeError(error));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`MFA code for ${profileLabel}`}
      onClose={cancel}
      footer={
        <>
          <Button onClick={cancel}>Cancel</Button>
          <Button variant="primary" type="submit" form="mfa-form" disabled={!valid || busy}>
            Continue
          </Button>
        </>
      }
    >
      <form id="mfa-form" className="form-grid" onSubmit={(event) => void submit(event)}>
        <p className="dialog-text">
          Assuming the role needs the current code from the MFA device{' '}
          <span className="mono">{request.serial}</span>. It is used once and not saved.
        </p>
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            MFA code
          </label>
          <input
            id={inputId}
            className="text-input mono mfa-input"
            value={code}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            autoFocus
            data-autofocus
            spellCheck={false}
            placeholder="123456"
            aria-describedby={`${inputId}-hint`}
            onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          />
          <span id={`${inputId}-hint`} className="field-hint">
            Six digits.
          </span>
        </div>
        <FormError message={failure} />
      </form>
    </Dialog>
  );
}
