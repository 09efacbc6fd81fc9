import type { ReactElement } from 'react';
import { shortcutTable } from '../keyboard/keymap';

/** Every keyboard shortcut, as this platform writes it. */
export function ShortcutsTable(): ReactElement {
  return (
    <section className="settings-section" aria-labelledby="settings-shortcuts">
      <h2 id="settings-shortcuts">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {shortcutTable().map((row) => (
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
            </tr>
          ))}
          <tr>
            <td>Rename the focused tab</td>
            <td>
              <kbd>F2</kbd>
            </td>
          </tr>
          <tr>
            <td>Open a shell on the focused instance row</td>
            <td>
              <kbd>Enter</kbd>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
