import type { ErrorInfo } from '../../../src-shared/model/error-info';
import type { ProfileIdentity } from '../../../src-shared/model/identity';
import type { ProfileInfo, ProfileKind } from '../../../src-shared/model/profile';
import { wordsForCode } from '../app/error-words';

export const KIND_WORDS: Record<ProfileKind, string> = {
  emulator: 'Built-in emulator',
  static: 'Access keys',
  sso: 'IAM Identity Center',
  'assume-role': 'Assumed role',
  'credential-process': 'Credential process',
  environment: 'Environment variables',
  other: 'Other',
};

/** The profile signs in with IAM Identity Center, so the app can sign it in. */
export function canSignIn(profile: ProfileInfo | undefined): boolean {
  return profile?.kind === 'sso' || profile?.ssoStartUrl !== undefined;
}

/** The error's words and, where there is one, what to do about it. */
export function identityProblem(
  error: ErrorInfo,
  profile: ProfileInfo | undefined,
): { words: string; todo?: string } {
  const words = wordsForCode(error.code) ?? error.message;
  switch (error.code) {
    case 'sso-expired':
      return { words, todo: 'Sign in again with IAM Identity Center.' };
    case 'credentials-missing':
      return canSignIn(profile)
        ? { words, todo: 'Sign in with IAM Identity Center.' }
        : { words, todo: 'Add access keys with “aws configure”, or choose another profile.' };
    case 'credentials-expired':
      return canSignIn(profile)
        ? { words, todo: 'Sign in again with IAM Identity Center.' }
        : {
            words,
            todo: 'Refresh the temporary credentials (or the process that makes them), then check again.',
          };
    case 'credentials-invalid':
      return { words, todo: 'Check the access keys in the credentials file.' };
    case 'mfa-required':
    case 'mfa-rejected':
      return { words, todo: 'Check again and enter the current code from the MFA device.' };
    case 'credential-process-failed':
      return { words, todo: 'Run the profile’s credential_process by hand to see why.' };
    case 'no-region':
      return { words, todo: 'Set a region for the profile, or choose regions in Settings.' };
    default:
      return { words: error.code === 'internal' ? `${words} (${error.message})` : words };
  }
}

/** "123456789012 · role/admin" from the account and ARN. */
export function describeIdentity(identity: ProfileIdentity): string {
  const who = identity.arn?.split(':').at(-1) ?? '';
  return [identity.account, who].filter(Boolean).join(' · ');
}

/** True when the error says signing in (again) would help. */
export function wantsSignIn(error: ErrorInfo | undefined, profile: ProfileInfo | undefined): boolean {
  if (!error || !canSignIn(profile)) return false;
  return ['sso-expired', 'credentials-missing', 'credentials-expired'].includes(error.code);
}
