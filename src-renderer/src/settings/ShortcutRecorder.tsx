import { useState, type ReactElement } from 'react';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { bindingOf, commandFor, describeBinding, formatAccelerator, type Binding } from '../keyboard/keymap';

export interface ShortcutRecorderProps {
  description: string;
  onSave: (accelerator: string) => void;
  onClose: () => void;
}

/** Asks for the new keys of one shortcut: press them, see them, save (Escape cancels). */
export function ShortcutRecorder({ description, onSave, onClose }: ShortcutRecorderProps): ReactElement {
  const [binding, setBinding] = useState<Binding | undefined>(undefined);
  const [clash, setClash] = useState<string | undefined>(undefined);
  return (
    <Dialog
      title={`New shortcut for “${description}”`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            disabled={!binding}
            onClick={() => binding && onSave(formatAccelerator(binding))}
          >
            Save
          </Button>
        </>
      }
    >
      <div
        className="shortcut-capture"
        tabIndex={0}
        role="textbox"
        aria-label="Press the new keys"
        autoFocus
        data-autofocus
        ref={(element) => element?.focus()}
        onKeyDown={(event) => {
          if (event.key === 'Escape' || event.key === 'Tab') return;
          event.preventDefault();
          event.stopPropagation();
          const next = bindingOf(event.nativeEvent);
          if (!next) return;
          setBinding(next);
          const taken = commandFor(event.nativeEvent);
          setClash(taken ? `Already used by another action (${taken}); saving moves it here.` : undefined);
        }}
      >
        {binding ? <kbd>{describeBinding(binding)}</kbd> : <span className="muted">Press the keys…</span>}
      </div>
      <p className="field-hint">{clash ?? 'Escape cancels; Tab moves on.'}</p>
    </Dialog>
  );
}
