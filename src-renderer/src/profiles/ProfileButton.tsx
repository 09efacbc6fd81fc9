import { useEffect, type ReactElement } from 'react';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import type { AppModel } from '../app/app-model';
import { Icon } from '../components/Icon';
import { Spinner } from '../components/Spinner';
import { followConnection } from '../state/follow-connection';
import { useStore } from '../state/store';
import type { IdentityCache } from './identity-cache';
import { describeIdentity, identityProblem } from './identity-words';

export interface ProfileButtonProps {
  model: AppModel;
  profile: ProfileInfo | undefined;
  identities: IdentityCache;
  onOpen: () => void;
}

/**
 * The header's profile indicator: the active profile, who it signs in as (or that it cannot, and
 * why). Opens the profiles dialog (sign in, check the others, choose the default).
 */
export function ProfileButton({
  model,
  profile,
  identities,
  onOpen,
}: ProfileButtonProps): ReactElement | null {
  const id = profile?.id;
  const state = useStore(identities.store(id ?? ''));
  useEffect(() => {
    if (!id) return;
    return followConnection(model.connection, () => void identities.check(id));
  }, [model, identities, id]);
  if (!profile) return null;

  let tone = 'neutral';
  let who = 'identity not checked';
  if (state.status === 'known') {
    tone = 'success';
    who = describeIdentity(state.identity) || 'signed in';
  } else if (state.status === 'error') {
    tone = state.error.code === 'internal' ? 'neutral' : 'warning';
    who = identityProblem(state.error, profile).words;
  } else if (state.status === 'checking') {
    who = 'checking who this is…';
  }
  const emulator = profile.kind === 'emulator';
  const note = emulator
    ? `${who}. Shells and instances come from SSM Desk’s built-in emulator; no AWS account is used.`
    : who;
  return (
    <button
      type="button"
      className={`profile-button profile-button-${tone}`}
      aria-label={`Profile: ${profile.label}`}
      aria-description={note}
      aria-haspopup="dialog"
      data-tooltip={profile.label}
      data-tooltip-note={note}
      onClick={onOpen}
    >
      <Icon name={emulator ? 'chip' : 'user'} size={14} />
      <span className="profile-button-label">{profile.label}</span>
      {state.status === 'checking' ? (
        <Spinner size={10} />
      ) : (
        <span className="profile-dot" aria-hidden="true" />
      )}
    </button>
  );
}
