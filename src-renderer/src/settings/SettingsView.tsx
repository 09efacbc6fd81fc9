import './settings.css';
import type { ReactElement } from 'react';
import type { AppModel } from '../app/app-model';
import { Checkbox } from '../components/Checkbox';
import { useStore } from '../state/store';
import { AppearanceSettings } from './AppearanceSettings';
import { InventorySettings } from './InventorySettings';
import { ShortcutsTable } from './ShortcutsTable';
import { TerminalSettingsSection } from './TerminalSettingsSection';
import { useApplySettings } from './use-apply-settings';

/** Everything the contract's Settings hold; each change is saved at once. */
export function SettingsView({ model }: { model: AppModel }): ReactElement {
  const settings = useStore(model.settings);
  const profiles = useStore(model.profiles);
  const info = useStore(model.info);
  const apply = useApplySettings(model);
  return (
    <section className="view settings-view" aria-label="Settings">
      <div className="settings-content">
        <h1 className="settings-title">Settings</h1>
        <p className="muted settings-lead">Changes are saved as you make them.</p>
        <AppearanceSettings theme={settings.theme} onChange={(theme) => apply({ theme })} />
        <TerminalSettingsSection terminal={settings.terminal} onChange={apply} />
        <section className="settings-section" aria-labelledby="settings-tabs">
          <h2 id="settings-tabs">Tabs</h2>
          <Checkbox
            checked={settings.confirmCloseRunning}
            onChange={(checked) => apply({ confirmCloseRunning: checked })}
          >
            Ask before closing a tab whose session is still running
          </Checkbox>
          <Checkbox
            checked={settings.recordSessions}
            onChange={(checked) => apply({ recordSessions: checked })}
          >
            Record every new shell tab (asciicast files in SSM Desk’s data folder)
          </Checkbox>
        </section>
        <InventorySettings settings={settings} profiles={profiles} onChange={apply} />
        <ShortcutsTable
          keybindings={settings.keybindings}
          onChange={(keybindings) => apply({ keybindings })}
        />
        <section className="settings-section" aria-labelledby="settings-logging">
          <h2 id="settings-logging">Logging</h2>
          <div className="field">
            <label className="field-label" htmlFor="settings-log-level">
              Log level
            </label>
            <select
              id="settings-log-level"
              className="select settings-select"
              value={settings.logLevel}
              onChange={(event) => apply({ logLevel: event.target.value as typeof settings.logLevel })}
            >
              <option value="error">Errors only</option>
              <option value="warn">Warnings and errors</option>
              <option value="info">Information (default)</option>
              <option value="debug">Debug</option>
            </select>
            <span className="field-hint">
              The log is always redacted: no keys, tokens or stream URLs are written.
            </span>
          </div>
        </section>
        <section className="settings-section" aria-labelledby="settings-about">
          <h2 id="settings-about">About</h2>
          <dl className="about">
            <dt>Version</dt>
            <dd>{info?.version ?? '…'}</dd>
            <dt>Running as</dt>
            <dd>{info ? (info.mode === 'electron' ? 'Desktop app' : 'Browser mode') : '…'}</dd>
            <dt>Platform</dt>
            <dd>{info?.platform ?? '…'}</dd>
            <dt>Emulator</dt>
            <dd>{info ? (info.emulator ? 'The built-in emulator is running' : 'Not running') : '…'}</dd>
          </dl>
        </section>
      </div>
    </section>
  );
}
