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
      'the SSO token of profile dev is missing or has expired: run "aws sso login --profile dev"',
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
