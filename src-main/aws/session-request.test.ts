import { describe, expect, it } from 'vitest';
import { AwsError } from './aws-error.js';
import { validateStartSession } from './session-request.js';

const rejects = (request: Parameters<typeof validateStartSession>[0]): AwsError => {
  try {
    validateStartSession(request);
  } catch (error) {
    expect(error).toBeInstanceOf(AwsError);
    return error as AwsError;
  }
  throw new Error('expected a validation error');
};

// SSM's model (botocore ssm/2014-11-06): SessionReason ^.{1,256}$, DocumentARN
// ^[a-zA-Z0-9_\-.:/]{3,128}$, SessionTarget 1..400, parameter names 1..255 and values 1..65535.
describe('StartSession requests checked as the service model says', () => {
  it('accepts what the service accepts, at the edges', () => {
    expect(() =>
      validateStartSession({
        target: 'i-0a1b2c3d4e5f60718',
        documentName: 'arn:aws:ssm:us-east-1:111122223333:document/My_Doc-1.0',
        reason: 'r'.repeat(256),
        parameters: { portNumber: ['22'], command: 'x'.repeat(65_535) },
      }),
    ).not.toThrow();
    expect(() => validateStartSession({ target: 'i-1', reason: '🙂'.repeat(256) })).not.toThrow();
  });

  it('a reason: 1 to 256 characters, one line', () => {
    expect(rejects({ target: 'i-1', reason: '' })).toMatchObject({
      code: 'validation',
      message: 'the reason must be 1 to 256 characters, got 0',
    });
    expect(rejects({ target: 'i-1', reason: 'r'.repeat(257) }).message).toBe(
      'the reason must be 1 to 256 characters, got 257',
    );
    for (const breaker of ['\n', '\r', '\u2028', '\u0085']) {
      expect(rejects({ target: 'i-1', reason: `first${breaker}second` }).message).toBe(
        'the reason must be one line',
      );
    }
  });

  it('a document name: the model pattern, 3 to 128 characters', () => {
    for (const name of ['ab', 'AWS StartSSH', 'doc;rm', 'x'.repeat(129)]) {
      expect(rejects({ target: 'i-1', documentName: name }).message).toMatch(/^document name ".*" is not/);
    }
  });

  it('a target and parameters: lengths, and no empty value', () => {
    expect(rejects({ target: '' }).message).toBe('the target must be 1 to 400 characters');
    expect(rejects({ target: 't'.repeat(401) }).message).toBe('the target must be 1 to 400 characters');
    expect(rejects({ target: 'i-1', parameters: { portNumber: [''] } }).message).toBe(
      'parameter portNumber has an empty value',
    );
    expect(rejects({ target: 'i-1', parameters: { '': 'x' } }).message).toMatch(/^parameter name "" must be/);
  });
});
