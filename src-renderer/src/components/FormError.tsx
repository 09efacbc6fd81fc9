import type { ReactElement } from 'react';

export interface FormErrorProps {
  /** Why the form's action failed; nothing is shown without one. */
  message: string | undefined;
}

/**
 * Why a dialog's form could not do what it was asked, under the fields and announced at once
 * (role alert). Every form dialog says it the same way, so it is written once.
 */
export function FormError({ message }: FormErrorProps): ReactElement | null {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
