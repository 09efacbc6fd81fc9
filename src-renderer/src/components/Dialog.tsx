import { useEffect, useId, useRef, useState, type ReactElement, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  onClose: () => void;
  /** Wider dialogs for lists (the new-shell picker). */
  size?: 'small' | 'medium';
  className?: string;
}

/**
 * A modal dialog on the platform's <dialog>: showModal() makes the page behind it inert (focus stays
 * inside), Escape closes it, and focus goes back to where it was when it closes. The control marked
 * data-autofocus (Button and TextField mark theirs with autoFocus) takes the focus when it opens;
 * else showModal() gives it to the first control.
 */
export function Dialog({
  title,
  children,
  footer,
  onClose,
  size = 'small',
  className,
}: DialogProps): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  // Who had focus before the dialog rendered (read once, while rendering: effects come too late).
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : undefined,
  );

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    // React's autoFocus ran while the dialog was still closed (hidden): focus that control now.
    element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event): void => {
      event.preventDefault();
      onCloseRef.current();
    };
    element.addEventListener('cancel', onCancel);
    return () => {
      element.removeEventListener('cancel', onCancel);
      if (element.open) element.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);

  return (
    <dialog
      ref={dialog}
      className={['dialog', `dialog-${size}`, className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onPointerDown={(event) => {
        // A press on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target !== dialog.current) return;
        const rect = dialog.current.getBoundingClientRect();
        const inside =
          event.clientX >= rect.left &&
          event.clientX <= rect.right &&
          event.clientY >= rect.top &&
          event.clientY <= rect.bottom;
        if (!inside) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </dialog>
  );
}
