import type { ReactElement } from 'react';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import { Button } from '../components/Button';
import { Spinner } from '../components/Spinner';
import { useStore } from '../state/store';
import type { IdentityCache } from './identity-cache';
import { canSignIn, describeIdentity, identityProblem, KIND_WORDS, wantsSignIn } from './identity-words';

export interface ProfileRowProps {
  profile: ProfileInfo;
  identities: IdentityCache;
  isDefault: boolean;
  onSignIn: (profile: ProfileInfo) => void;
  onMakeDefault: (profile: ProfileInfo) => void;
}

function expiry(expiresAt: number): string {
  const minutes = Math.round((expiresAt - Date.now()) / 60_000);
  if (minutes <= 0) return 'credentials expired';
  if (minutes < 120) return `credentials expire in ${minutes} min`;
  return `credentials expire at ${new Date(expiresAt).toLocaleString()}`;
}

/** One profile: its kind, who it signs in as (when checked), what to do when it cannot. */
export function ProfileRow({
  profile,
  identities,
  isDefault,
  onSignIn,
  onMakeDefault,
}: ProfileRowProps): ReactElement {
  const state = useStore(identities.store(profile.id));
  const problem = state.status === 'error' ? identityProblem(state.error, profile) : undefined;
  const signIn = canSignIn(profile);
  const urgent = state.status === 'error' && wantsSignIn(state.error, profile);
  return (
    <li className="profile-row" aria-label={profile.label}>
      <div className="profile-row-main">
        <span className="profile-row-name">
          {profile.label}
          {isDefault && <span className="profile-default">default</span>}
        </span>
        <span className="profile-row-kind">
          {KIND_WORDS[profile.kind]}
          {profile.needsMfa && ' · MFA'}
          {profile.region && ` · ${profile.region}`}
        </span>
        <span className="profile-row-identity" role="status">
          {state.status === 'checking' && (
            <>
              <Spinner size={11} /> Checking…
            </>
          )}
          {state.status === 'known' && (
            <span className="profile-ok">
              {describeIdentity(state.identity) || 'Signed in'}
              {state.identity.expiresAt !== undefined && (
                <span className="muted"> · {expiry(state.identity.expiresAt)}</span>
              )}
            </span>
          )}
          {problem && (
            <span
              className={
                state.status === 'error' && state.error.code === 'internal' ? 'muted' : 'profile-problem'
              }
            >
              {problem.words}
              {problem.todo && <span className="profile-todo"> {problem.todo}</span>}
            </span>
          )}
        </span>
      </div>
      <div className="profile-row-buttons">
        {signIn && (
          <Button
            className="btn-small"
            variant={urgent ? 'primary' : 'secondary'}
            icon="key"
            onClick={() => onSignIn(profile)}
          >
            Sign in
          </Button>
        )}
        <Button
          className="btn-small"
          icon="refresh"
          aria-label={`Check ${profile.label}`}
          onClick={() => void identities.check(profile.id)}
        >
          Check
        </Button>
        {!isDefault && (
          <Button className="btn-small" variant="ghost" onClick={() => onMakeDefault(profile)}>
            Make default
          </Button>
        )}
      </div>
    </li>
  );
}
