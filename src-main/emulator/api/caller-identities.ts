import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { header } from './aws-request.js';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/**
 * Maps access keys the emulator issued (STS AssumeRole, SSO GetRoleCredentials) to their principal, so
 * GetCallerIdentity and session owners follow the credentials a client actually uses.
 */
export class CallerIdentities {
  readonly #byAccessKey = new Map<string, string>();

  constructor(private readonly defaultArn: () => string) {}

  issue(arn: string, lifetimeSeconds: number): IssuedCredentials {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.#byAccessKey.set(accessKeyId, arn);
    return {
      accessKeyId,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(180).toString('base64'),
      expiration: new Date(Date.now() + lifetimeSeconds * 1000),
    };
  }

  /** The principal for a request's SigV4 access key; unknown keys are the configured caller. */
  arnFor(req: IncomingMessage): string {
    const auth = header(req, 'authorization') ?? '';
    const accessKeyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1];
    return (accessKeyId !== undefined ? this.#byAccessKey.get(accessKeyId) : undefined) ?? this.defaultArn();
  }
}
