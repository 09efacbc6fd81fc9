import { describe, expect, it } from 'vitest';
import { AwsError } from '../aws/aws-error.js';
import { errorLine } from './cli-errors.js';

// The library's messages are neutral; the CLI completes them with what to type, by code only.
describe('the CLI words for AWS error codes', () => {
  it('sso-expired says which login to run, for the profile the error names', () => {
    const error = new AwsError('sso-expired', 'the SSO token of profile dev is missing or has expired', {
      profile: 'dev',
    });
    expect(errorLine(error)).toBe(
      'the SSO token of profile dev is missing or has expired: run "ssm-desk login --profile dev" or "aws sso login --profile dev"',
    );
  });

  it('an expired sign-in code says to sign in again; a denied one keeps its message', () => {
    const expired = new AwsError(
      'sso-login-expired',
      'the sign-in code for profile dev expired before it was approved',
      {
        profile: 'dev',
      },
    );
    expect(errorLine(expired)).toBe(
      'the sign-in code for profile dev expired before it was approved: run "ssm-desk login --profile dev" again and approve the code within its time',
    );
    expect(errorLine(new AwsError('sso-login-denied', 'the sign-in for profile dev was denied'))).toBe(
      'the sign-in for profile dev was denied',
    );
  });

  it('no-region names the flag; other codes keep the message', () => {
    expect(errorLine(new AwsError('no-region', 'no AWS region: none was given'))).toBe(
      'no AWS region: pass --region, set AWS_REGION, or set region in your profile',
    );
    expect(errorLine(new AwsError('target-not-connected', 'i-1 is not connected.'))).toBe(
      'i-1 is not connected.',
    );
  });
});
