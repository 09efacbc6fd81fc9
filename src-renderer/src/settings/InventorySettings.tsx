import type { ReactElement } from 'react';
import type { SettingsPatch } from '../../../src-shared/contract/requests';
import type { ProfileInfo, ProfileKind } from '../../../src-shared/model/profile';
import { AWS_REGIONS } from '../../../src-shared/model/regions';
import type { Settings } from '../../../src-shared/model/settings';
import { ChoiceList } from './ChoiceList';

const KIND_NOTE: Record<ProfileKind, string> = {
  emulator: 'built in',
  static: 'access keys',
  sso: 'IAM Identity Center',
  'assume-role': 'assume role',
  'credential-process': 'credential process',
  environment: 'environment',
  other: '',
};

export interface InventorySettingsProps {
  settings: Settings;
  profiles: readonly ProfileInfo[];
  onChange: (patch: SettingsPatch) => void;
}

/** Which profiles and regions the instance browser lists. */
export function InventorySettings({ settings, profiles, onChange }: InventorySettingsProps): ReactElement {
  const regions = [...new Set([...AWS_REGIONS, ...settings.regions])];
  return (
    <section className="settings-section" aria-labelledby="settings-inventory">
      <h2 id="settings-inventory">Instances</h2>
      <div className="field">
        <label className="field-label" htmlFor="settings-default-profile">
          Default profile
        </label>
        <select
          id="settings-default-profile"
          className="select settings-select"
          value={settings.defaultProfile}
          onChange={(event) => onChange({ defaultProfile: event.target.value })}
        >
          <option value="">The first one listed</option>
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.label}
            </option>
          ))}
        </select>
        <span className="field-hint">What a new tunnel or shell picks first.</span>
      </div>
      <ChoiceList
        legend="Profiles"
        allLabel="Every configured profile"
        someLabel="Only these profiles"
        options={profiles.map((p) => ({ value: p.id, label: p.label, note: KIND_NOTE[p.kind] || undefined }))}
        chosen={settings.profiles}
        onChange={(chosen) => onChange({ profiles: chosen })}
      />
      <ChoiceList
        legend="Regions for AWS profiles"
        allLabel="Each profile’s own region"
        someLabel="These regions"
        options={regions.map((region) => ({ value: region, label: region }))}
        chosen={settings.regions}
        onChange={(chosen) => onChange({ regions: chosen })}
        columns={4}
      />
      <p className="field-hint">The local emulator always lists its own regions.</p>
    </section>
  );
}
