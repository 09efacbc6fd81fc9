import { useEffect, useRef } from 'react';
import { commandFor, type Command } from './keymap';

export interface ShortcutContext {
  /** Focus is in a terminal (xterm.js's input). */
  inTerminal: boolean;
  /** Focus is in a text field, select or other editable control (not a terminal). */
  inEditable: boolean;
}

/**
 * The app's keyboard shortcuts, caught before the focused element sees them (so a terminal does not
 * also send them to the shell). `handle` returns false to let the key through unchanged.
 */
export function useShortcuts(handle: (command: Command, context: ShortcutContext) => boolean): void {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const command = commandFor(event);
      if (!command) return;
      // A modal dialog owns the keyboard while it is open.
      if (document.querySelector('dialog[open]')) return;
      const target = event.target instanceof Element ? event.target : undefined;
      const inTerminal = Boolean(target?.closest('.xterm'));
      const inEditable =
        !inTerminal &&
        Boolean(target?.closest('input, textarea, select, [contenteditable="true"], [role="menu"]'));
      if (latest.current(command, { inTerminal, inEditable })) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
