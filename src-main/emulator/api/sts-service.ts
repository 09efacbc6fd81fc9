import { createHash, randomUUID } from 'node:crypto';
import { ApiError, xmlEscape } from './aws-errors.js';
import type { CallerIdentities } from './caller-identities.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_ACTIONS: ReadonlySet<string> = new Set(['GetCallerIdentity', 'AssumeRole']);
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** STS Query API: enough for profiles that assume a role and for "who am I" checks. */
export function stsAction(
  action: string,
  params: Map<string, string>,
  callerArn: string,
  identities: CallerIdentities,
): string {
  if (action === 'GetCallerIdentity') {
    const account = /::(\d{12}):/.exec(callerArn)?.[1] ?? '123456789012';
    const userId = `AIDA${createHash('sha256').update(callerArn).digest('hex').slice(0, 17).toUpperCase()}`;
    return wrap(
      action,
      `<Arn>${xmlEscape(callerArn)}</Arn><UserId>${userId}</UserId><Account>${account}</Account>`,
    );
  }
  if (action === 'AssumeRole') {
    const roleArn = required(params, 'RoleArn');
    const sessionName = required(params, 'RoleSessionName');
    const match = ROLE_ARN.exec(roleArn);
    if (!match) throw new ApiError('ValidationError', `${roleArn} is invalid`);
    if (!SESSION_NAME.test(sessionName)) {
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    const duration = Number(params.get('DurationSeconds') ?? '3600');
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      throw new ApiError(
        'ValidationError',
        `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
      );
    }
    const assumedArn = `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/${sessionName}`;
    const credentials = identities.issue(assumedArn, duration);
    const roleId = `AROA${createHash('sha256').update(roleArn).digest('hex').slice(0, 17).toUpperCase()}`;
    return wrap(
      action,
      `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId>` +
        `<SecretAccessKey>${xmlEscape(credentials.secretAccessKey)}</SecretAccessKey>` +
        `<SessionToken>${xmlEscape(credentials.sessionToken)}</SessionToken>` +
        `<Expiration>${credentials.expiration.toISOString()}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>${roleId}:${xmlEscape(sessionName)}</AssumedRoleId>` +
        `<Arn>${xmlEscape(assumedArn)}</Arn></AssumedRoleUser>`,
    );
  }
  throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`);
}

function required(params: Map<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function wrap(action: string, result: string): string {
  return (
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}
