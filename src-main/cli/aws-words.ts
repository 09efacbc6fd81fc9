import type { AwsWait } from '../aws/aws-wait.js';

/**
 * The CLI's words for the AWS layer's codes: what the library reports neutrally ("the SSO token of
 * profile dev is missing or has expired"), the command line completes with what to type next. The
 * desktop app maps the same codes to its own words (a sign-in button, a dialog).
 */
export function awsErrorText(code: string, message: string, profile: string | undefined): string {
  const named = profile ?? 'default';
  switch (code) {
    case 'sso-expired':
      return `${message}: run "ssm-desk login --profile ${named}" or "aws sso login --profile ${named}"`;
    case 'sso-login-expired':
      return `${message}: run "ssm-desk login --profile ${named}" again and approve the code within its time`;
    case 'credentials-missing':
      return `${message} (set AWS_PROFILE or run "aws configure"; without AWS, use the emulator: ssm-desk emulator)`;
    case 'no-region':
      return 'no AWS region: pass --region, set AWS_REGION, or set region in your profile';
    case 'assume-role-denied':
      return `${message} (if the role requires MFA, set mfa_serial in the profile)`;
    case 'profile-not-found':
      return `${message} (aws configure list-profiles shows the profiles there are)`;
    case 'credentials-expired':
      return `${message} (get new credentials, e.g. ssm-desk login or aws configure)`;
    default:
      return message;
  }
}

/** One line saying what a slow step waits for, and how to stop waiting. */
export function awsWaitText(wait: AwsWait): string {
  switch (wait.step) {
    case 'config-file':
      return `still reading the AWS config file ${wait.path} (a pipe nobody writes to, or a file on a stuck mount?); Ctrl-C to stop`;
    case 'credential-process':
      return `waiting for credential_process ${wait.program} of profile ${wait.profile} to finish; Ctrl-C to stop`;
    case 'credentials':
      return `still waiting for the credentials of profile ${wait.profile} (${wait.source}); Ctrl-C to stop`;
  }
}
