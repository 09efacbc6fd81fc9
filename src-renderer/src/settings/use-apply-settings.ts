import { useCallback } from 'react';
import type { SettingsPatch } from '../../../src-shared/contract/requests';
import type { AppModel } from '../app/app-model';

/** Applies a change at once in this window and sends it to the core (which answers with all settings). */
export function useApplySettings(model: AppModel): (patch: SettingsPatch) => void {
  return useCallback(
    (patch: SettingsPatch) => {
      const before = model.settings.get();
      model.settings.set({
        ...before,
        ...patch,
        terminal: { ...before.terminal, ...patch.terminal },
      });
      void model
        .attempt('Saving settings', () => model.client.call('settings.update', patch))
        .then((saved) => model.settings.set(saved ?? before));
    },
    [model],
  );
}
