import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './aws-errors.js';
import { header } from './aws-request.js';

/**
 * Locks an emulator to one client (the desktop app's built-in emulator): API requests must be signed
 * with this access key id (or one the emulator itself issued through STS or SSO), and the control
 * routes want the control secret in the `X-Emulator-Secret` header. Without a control secret the
 * control routes are closed altogether. Signatures themselves are not verified: the key id is the
 * shared secret, and it never leaves the machine (the emulator listens on 127.0.0.1 only).
 */
export interface EmulatorLock {
  accessKeyId: string;
  controlSecret?: string;
}

/** The header that carries the control secret on /emulator/* and the SSO verification page. */
export const CONTROL_SECRET_HEADER = 'x-emulator-secret';

/** STS's AccessKeyIdType: 16 to 128 word characters. */
const ACCESS_KEY_ID = /^\w{16,128}$/;
const MIN_SECRET_LENGTH = 16;

/** Throws an Error with one line when the lock could not protect anything. */
export function checkLock(lock: EmulatorLock): void {
  if (!ACCESS_KEY_ID.test(lock.accessKeyId)) {
    throw new Error('emulator lock: accessKeyId must be 16 to 128 letters, digits or underscores');
  }
  if (lock.controlSecret !== undefined && lock.controlSecret.length < MIN_SECRET_LENGTH) {
    throw new Error(`emulator lock: controlSecret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/**
 * A fresh lock for one launch: an access key id in AWS's shape (AKIA + 16 characters of base32, 80
 * random bits) and a 32-byte control secret.
 */
export function createEmulatorLock(): Required<EmulatorLock> {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const id = [...randomBytes(16)].map((byte) => alphabet[byte % 32] as string).join('');
  return { accessKeyId: `AKIA${id}`, controlSecret: randomBytes(32).toString('base64url') };
}

/** Compares in constant time, so the secret cannot be guessed a character at a time. */
export function secretMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The control secret a request presents: the header, or (for a browser's form) a `secret` field. */
export function presentedSecret(req: IncomingMessage, formSecret?: string): string | undefined {
  return header(req, CONTROL_SECRET_HEADER) ?? formSecret;
}

/** The services that authenticate with SigV4, each with its own way of refusing a key. */
export type SignedService = 'ssm' | 'kms' | 'ec2' | 'sts' | 'rds';

/**
 * How each service answers a key it does not know, or a request without any signature, as AWS does:
 * JSON services say UnrecognizedClientException, EC2 AuthFailure, the Query services
 * InvalidClientTokenId.
 */
export function unknownKeyError(service: SignedService, signed: boolean): ApiError {
  switch (service) {
    case 'ssm':
    case 'kms':
      return signed
        ? new ApiError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          )
        : new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
    case 'ec2':
      return signed
        ? new ApiError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
        : new ApiError(
            'MissingAuthenticationToken',
            'The request must contain either a valid (registered) AWS access key ID or X.509 certificate.',
            401,
          );
    case 'sts':
    case 'rds':
      return signed
        ? new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403)
        : new ApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
}
