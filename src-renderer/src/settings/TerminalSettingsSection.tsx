import { useId, useState, type ReactElement } from 'react';
import type { SettingsPatch } from '../../../src-shared/contract/requests';
import { DEFAULT_SETTINGS, type TerminalSettings } from '../../../src-shared/model/settings';
import { Button } from '../components/Button';
import { Checkbox } from '../components/Checkbox';
import { NumberField } from './NumberField';

export interface TerminalSettingsSectionProps {
  terminal: TerminalSettings;
  onChange: (patch: SettingsPatch) => void;
}

/** Font, size, scrollback and cursor of every terminal tab (applied to open tabs at once). */
export function TerminalSettingsSection({ terminal, onChange }: TerminalSettingsSectionProps): ReactElement {
  const fontId = useId();
  const [font, setFont] = useState(terminal.fontFamily);
  const [shown, setShown] = useState(terminal.fontFamily);
  if (shown !== terminal.fontFamily) {
    setShown(terminal.fontFamily);
    setFont(terminal.fontFamily);
  }
  const commitFont = (): void => {
    const value = font.trim();
    if (value && value !== terminal.fontFamily) onChange({ terminal: { fontFamily: value.slice(0, 200) } });
    else setFont(terminal.fontFamily);
  };
  return (
    <section className="settings-section" aria-labelledby="settings-terminal">
      <h2 id="settings-terminal">Terminal</h2>
      <div className="field field-wide">
        <label className="field-label" htmlFor={fontId}>
          Font family
        </label>
        <div className="field-row">
          <input
            id={fontId}
            className="text-input"
            value={font}
            spellCheck={false}
            onChange={(event) => setFont(event.target.value)}
            onBlur={commitFont}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitFont();
            }}
          />
          <Button
            variant="ghost"
            disabled={terminal.fontFamily === DEFAULT_SETTINGS.terminal.fontFamily}
            onClick={() => onChange({ terminal: { fontFamily: DEFAULT_SETTINGS.terminal.fontFamily } })}
          >
            Reset
          </Button>
        </div>
        <span className="field-hint">A CSS font list; fonts installed on this computer only.</span>
      </div>
      <div className="field-grid">
        <NumberField
          label="Font size"
          hint="Pixels; zooming (Ctrl+=, Ctrl+-) adds to it"
          value={terminal.fontSize}
          min={8}
          max={40}
          onCommit={(fontSize) => onChange({ terminal: { fontSize } })}
        />
        <NumberField
          label="Scrollback"
          hint="Lines kept above the screen"
          value={terminal.scrollback}
          min={0}
          max={200_000}
          step={1000}
          onCommit={(scrollback) => onChange({ terminal: { scrollback } })}
        />
      </div>
      <Checkbox
        checked={terminal.cursorBlink}
        onChange={(checked) => onChange({ terminal: { cursorBlink: checked } })}
      >
        Blinking cursor
      </Checkbox>
    </section>
  );
}
