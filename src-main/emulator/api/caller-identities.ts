import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { header } from './aws-request.js';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

const ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** 17 upper-case characters derived from `text`: AWS unique ids are a 4-letter prefix and 17 more. */
function uniqueSuffix(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 17).toUpperCase();
}

/** The RoleId of a role (AROA…), the same for AssumeRole's AssumedRoleId and GetCallerIdentity. */
export function roleIdFor(account: string, roleName: string): string {
  return `AROA${uniqueSuffix(`arn:aws:iam::${account}:role/${roleName}`)}`;
}

/**
 * GetCallerIdentity's UserId for a principal ARN, in AWS's forms: `AROA…:<session>` for an assumed role
 * (the role's id and the session name), the account id for the root user, `AIDA…` for an IAM user.
 */
export function userIdFor(arn: string): string {
  const assumed = ASSUMED_ROLE.exec(arn);
  if (assumed) return `${roleIdFor(assumed[1] as string, assumed[2] as string)}:${assumed[3] as string}`;
  const root = ROOT.exec(arn);
  if (root) return root[1] as string;
  return `AIDA${uniqueSuffix(arn)}`;
}

/** The SigV4 access key id of a request (`Credential=AKID/date/region/service/aws4_request`). */
export function accessKeyIdOf(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization') ?? '';
  return /Credential=([^/,\s]+)\//.exec(auth)?.[1];
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

  /** True for access keys this emulator handed out (a locked emulator accepts them too). */
  isIssued(accessKeyId: string): boolean {
    return this.#byAccessKey.has(accessKeyId);
  }

  /** The principal for a request's SigV4 access key; unknown keys are the configured caller. */
  arnFor(req: IncomingMessage): string {
    const accessKeyId = accessKeyIdOf(req);
    return (accessKeyId !== undefined ? this.#byAccessKey.get(accessKeyId) : undefined) ?? this.defaultArn();
  }
}
