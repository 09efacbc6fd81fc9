/**
 * Plain words for the engine's error codes (src-main/aws's AwsErrorCode, the contract's own codes).
 * Faces map codes to their own words; messages stay as details.
 */
const WORDS: Record<string, string> = {
  'credentials-missing': 'No AWS credentials found for this profile',
  'credentials-invalid': 'AWS rejected the credentials',
  'credentials-expired': 'The credentials have expired',
  'profile-not-found': 'The profile is not in the AWS config files',
  'profile-cycle': 'The profile’s source_profile chain loops',
  'credential-process-failed': 'The profile’s credential_process failed',
  'sso-expired': 'The IAM Identity Center sign-in has expired',
  'mfa-required': 'The role needs an MFA code',
  'mfa-rejected': 'The MFA code was refused',
  'assume-role-denied': 'Not allowed to assume the role',
  'config-invalid': 'The AWS configuration is not usable',
  'no-region': 'No region is set for this profile',
  'access-denied': 'Access denied',
  'target-not-connected': 'The instance is not connected to Systems Manager',
  'invalid-document': 'The session document cannot be used',
  'session-not-found': 'Systems Manager no longer knows the session',
  'kms-key-unusable': 'The session’s KMS key cannot be used',
  validation: 'The request was refused as invalid',
  throttled: 'AWS throttled the requests',
  'service-unavailable': 'The AWS service is unavailable',
  'bad-response': 'AWS answered without what SSM Desk needs',
  network: 'Could not reach AWS',
  aborted: 'Cancelled',
  disconnected: 'The connection to SSM Desk was lost',
  'not-found': 'It no longer exists',
  internal: 'SSM Desk hit an internal error',
  'port-in-use': 'The local port is already in use',
  'target-not-found': 'No such instance',
  'target-ambiguous': 'The name matches several instances',
  'invalid-params': 'SSM Desk refused the request',
};

/** Plain words for a code, or undefined when the code is not one we know. */
export function wordsForCode(code: string): string | undefined {
  return WORDS[code];
}
