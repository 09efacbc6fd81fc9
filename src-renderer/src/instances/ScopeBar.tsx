import type { ReactElement } from 'react';
import type { InventoryScope } from '../../../src-shared/model/inventory';
import { wordsForCode } from '../app/error-words';
import { Icon } from '../components/Icon';
import { IconButton } from '../components/IconButton';
import { Spinner } from '../components/Spinner';
import { profileLabel } from './instance-row';
import { scopeKey } from './inventory-state';

export interface ScopeBarProps {
  scopes: readonly InventoryScope[];
  labels: ReadonlyMap<string, string>;
  onRetry: (scope: InventoryScope) => void;
  /** Profiles that sign in with IAM Identity Center: their credential errors offer "Sign in". */
  signInProfiles: ReadonlySet<string>;
  onSignIn: (profile: string) => void;
}

/**
 * Every profile × region being listed: a spinner while it loads, its count when ready, and its error
 * inline (with Retry) when it failed, while the others keep listing.
 */
export function ScopeBar({ scopes, labels, onRetry, signInProfiles, onSignIn }: ScopeBarProps): ReactElement {
  const loading = scopes.filter((s) => s.status === 'loading').length;
  return (
    <div className="scope-bar">
      <span className="scope-summary" aria-live="polite">
        {scopes.length === 0
          ? 'No profiles or regions chosen'
          : loading > 0
            ? `Loading ${loading} of ${scopes.length} ${scopes.length === 1 ? 'region' : 'regions'}…`
            : `${scopes.length} ${scopes.length === 1 ? 'region' : 'regions'}`}
      </span>
      <ul className="scope-list" aria-label="Profiles and regions">
        {scopes.map((scope) => {
          const label = profileLabel(scope.profile, labels);
          const name = `${scope.region} · ${label}`;
          if (scope.status === 'error') {
            const words = scope.error ? (wordsForCode(scope.error.code) ?? scope.error.code) : 'Failed';
            const detail = scope.error?.message ? `${words}: ${scope.error.message}` : words;
            const signIn =
              signInProfiles.has(scope.profile) &&
              ['sso-expired', 'credentials-missing', 'credentials-expired'].includes(scope.error?.code ?? '');
            return (
              <li key={scopeKey(scope)} className="scope scope-error" title={`${name}\n${detail}`}>
                <Icon name="alert" size={14} />
                <span className="scope-name">{name}</span>
                <span className="scope-error-text">{detail}</span>
                {signIn && (
                  <button type="button" className="scope-sign-in" onClick={() => onSignIn(scope.profile)}>
                    Sign in
                  </button>
                )}
                <IconButton icon="refresh" label={`Retry ${scope.region}`} onClick={() => onRetry(scope)} />
              </li>
            );
          }
          return (
            <li key={scopeKey(scope)} className={`scope scope-${scope.status}`} title={name}>
              {scope.status === 'loading' ? <Spinner size={12} /> : <Icon name="check" size={14} />}
              <span className="scope-name">{name}</span>
              <span className="scope-count">
                {scope.status === 'loading' && scope.count === 0 ? '…' : scope.count}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
