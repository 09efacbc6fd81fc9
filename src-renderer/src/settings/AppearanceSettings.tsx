import type { ReactElement } from 'react';
import type { Theme } from '../../../src-shared/model/settings';
import { Icon, type IconName } from '../components/Icon';

const CHOICES: { value: Theme; label: string; icon: IconName }[] = [
  { value: 'system', label: 'System', icon: 'monitor' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
];

export function AppearanceSettings({
  theme,
  onChange,
}: {
  theme: Theme;
  onChange: (theme: Theme) => void;
}): ReactElement {
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <fieldset className="segmented" role="radiogroup" aria-label="Theme">
        <legend className="field-label">Theme</legend>
        <div className="segmented-options">
          {CHOICES.map((choice) => (
            <label key={choice.value} className={theme === choice.value ? 'segment segment-on' : 'segment'}>
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={theme === choice.value}
                onChange={() => onChange(choice.value)}
              />
              <Icon name={choice.icon} size={14} />
              {choice.label}
            </label>
          ))}
        </div>
        <span className="field-hint">System follows your operating system’s light or dark mode.</span>
      </fieldset>
    </section>
  );
}
