import { randomUUID } from 'node:crypto';
import { ApiError, xmlEscape } from './aws-errors.js';
import { roleIdFor, userIdFor, type CallerIdentities } from './caller-identities.js';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
export const STS_ACTIONS: ReadonlySet<string> = new Set(['GetCallerIdentity', 'AssumeRole']);
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MFA_SERIAL = /^[\w+=/:,.@-]{9,256}$/;

/**
 * The one-time code the emulator's MFA devices accept. Every device shows the same code, so tests and
 * demos can type it; any other six digits fail as a wrong code does on AWS.
 */
export const EMULATOR_MFA_CODE = '123456';

/** A role whose trust policy requires MFA (aws:MultiFactorAuthPresent): its name contains "mfa". */
export function roleRequiresMfa(roleName: string): boolean {
  return /mfa/i.test(roleName);
}

/** STS Query API: enough for profiles that assume a role and for "who am I" checks. */
export function stsAction(
  action: string,
  params: Map<string, string>,
  callerArn: string,
  identities: CallerIdentities,
): string {
  if (action === 'GetCallerIdentity') {
    const account = /::(\d{12}):/.exec(callerArn)?.[1] ?? '123456789012';
    return wrap(
      action,
      `<Arn>${xmlEscape(callerArn)}</Arn><UserId>${xmlEscape(userIdFor(callerArn))}</UserId><Account>${account}</Account>`,
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
    checkMfa(params, roleArn, match[2] as string, callerArn);
    const assumedArn = `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/${sessionName}`;
    const credentials = identities.issue(assumedArn, duration);
    const roleId = roleIdFor(match[1] as string, match[2] as string);
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

/**
 * MFA as STS checks it: SerialNumber and TokenCode are validated whenever given (a wrong code fails even
 * for a role that does not need one), they come together or not at all, and a role that requires MFA
 * is refused without them, in the words AWS uses.
 */
function checkMfa(params: Map<string, string>, roleArn: string, roleName: string, callerArn: string): void {
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (serial !== undefined && !MFA_SERIAL.test(serial)) {
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value '${serial}' at 'serialNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*`,
    );
  }
  if (code !== undefined && code.length !== 6) {
    throw new ApiError(
      'ValidationError',
      `1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length ${code.length < 6 ? 'greater' : 'less'} than or equal to 6`,
    );
  }
  if (code !== undefined && !/^\d{6}$/.test(code)) {
    throw new ApiError(
      'ValidationError',
      "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
    );
  }
  if ((serial === undefined) !== (code === undefined)) {
    throw new ApiError(
      'AccessDenied',
      'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
      403,
    );
  }
  if (code !== undefined && code !== EMULATOR_MFA_CODE) {
    throw new ApiError(
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      403,
    );
  }
  if (code === undefined && roleRequiresMfa(roleName)) {
    throw new ApiError(
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
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
