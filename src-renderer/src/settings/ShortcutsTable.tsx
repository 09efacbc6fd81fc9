import { useState, type ReactElement } from 'react';
import { Button } from '../components/Button';
import { shortcutTable, type Command } from '../keyboard/keymap';
import { ShortcutRecorder } from './ShortcutRecorder';

export interface ShortcutsTableProps {
  keybindings: Readonly<Record<string, string>>;
  onChange: (keybindings: Record<string, string>) => void;
}

/** Every keyboard shortcut as this platform writes it, each one changeable (and back to its default). */
export function ShortcutsTable({ keybindings, onChange }: ShortcutsTableProps): ReactElement {
  const [editing, setEditing] = useState<{ command: Command; description: string } | undefined>(undefined);
  const rows = shortcutTable();
  return (
    <section className="settings-section" aria-labelledby="settings-shortcuts">
      <h2 id="settings-shortcuts">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.command}>
              <td>{row.description}</td>
              <td>
                {row.keys.map((keys, index) => (
                  <span key={keys}>
                    {index > 0 && <span className="muted"> or </span>}
                    <kbd>{keys}</kbd>
                  </span>
                ))}
              </td>
              <td className="shortcut-buttons">
                {row.changed && (
                  <Button
                    variant="ghost"
                    aria-label={`Reset the shortcut of ${row.description}`}
                    onClick={() => {
                      const next = { ...keybindings };
                      delete next[row.command];
                      onChange(next);
                    }}
                  >
                    Reset
                  </Button>
                )}
                <Button
                  variant="ghost"
                  aria-label={`Change the shortcut of ${row.description}`}
                  onClick={() => setEditing({ command: row.command, description: row.description })}
                >
                  Change
                </Button>
              </td>
            </tr>
          ))}
          <tr>
            <td>Rename the focused tab</td>
            <td>
              <kbd>F2</kbd>
            </td>
            <td />
          </tr>
          <tr>
            <td>Open a shell on the focused instance row</td>
            <td>
              <kbd>Enter</kbd>
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      {editing && (
        <ShortcutRecorder
          description={editing.description}
          onClose={() => setEditing(undefined)}
          onSave={(accelerator) => {
            // The keys leave any action that had them, so one press never means two things.
            const next = Object.fromEntries(
              Object.entries(keybindings).filter(([, keys]) => keys !== accelerator),
            );
            next[editing.command] = accelerator;
            onChange(next);
            setEditing(undefined);
          }}
        />
      )}
    </section>
  );
}
