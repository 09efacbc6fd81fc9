import { useEffect, useSyncExternalStore } from 'react';
import type { Theme } from '../../../src-shared/model/settings';

export type ResolvedTheme = 'light' | 'dark';

const query = window.matchMedia('(prefers-color-scheme: dark)');
const subscribe = (listener: () => void): (() => void) => {
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
};

/** The theme in effect: the setting, or the OS's (prefers-color-scheme) for "system". */
export function useResolvedTheme(setting: Theme): ResolvedTheme {
  const systemDark = useSyncExternalStore(subscribe, () => query.matches);
  const resolved: ResolvedTheme = setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = resolved;
    root.style.colorScheme = resolved;
  }, [resolved]);
  return resolved;
}
