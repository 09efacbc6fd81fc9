import type { ReactElement } from 'react';
import type { ProfileInfo } from '../../../src-shared/model/profile';
import type { AppModel } from '../app/app-model';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { useStore } from '../state/store';
import type { IdentityCache } from './identity-cache';
import { ProfileRow } from './ProfileRow';

export interface ProfilesDialogProps {
  model: AppModel;
  identities: IdentityCache;
  activeId: string | undefined;
  onSignIn: (profile: ProfileInfo) => void;
  onClose: () => void;
}

/**
 * Every profile from the AWS config and credentials files (and the local emulator): its kind, who
 * it signs in as when checked, IAM Identity Center sign-in, and which one new tunnels and shells use.
 */
export function ProfilesDialog({
  model,
  identities,
  activeId,
  onSignIn,
  onClose,
}: ProfilesDialogProps): ReactElement {
  const profiles = useStore(model.profiles);
  return (
    <Dialog
      title="Profiles and sign-in"
      onClose={onClose}
      size="medium"
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      <p className="dialog-text">
        From your AWS config and credentials files. Checking a profile asks AWS who it is (an assumed role
        with MFA asks for a code).
      </p>
      <ul className="profile-list" aria-label="Profiles">
        {profiles.map((profile) => (
          <ProfileRow
            key={profile.id}
            profile={profile}
            identities={identities}
            isDefault={profile.id === activeId}
            onSignIn={onSignIn}
            onMakeDefault={(chosen) =>
              void model.attempt('Saving settings', () =>
                model.client.call('settings.update', { defaultProfile: chosen.id }),
              )
            }
          />
        ))}
      </ul>
    </Dialog>
  );
}
