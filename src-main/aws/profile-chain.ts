import { AwsError } from './aws-error.js';
import type { SharedConfig } from './shared-config.js';

/** One role assumed on the way to a profile's credentials (role_arn with source_profile or credential_source). */
export interface RoleLink {
  profile: string;
  roleArn: string;
  roleSessionName?: string;
  externalId?: string;
  durationSeconds?: number;
  mfaSerial?: string;
  /** The profile's own region, which the SDK uses for its STS call. */
  region?: string;
}

/** Where the innermost credentials come from. */
export type CredentialSource =
  | { kind: 'static'; profile: string }
  | { kind: 'process'; profile: string; command: string }
  | { kind: 'sso'; profile: string }
  | { kind: 'web-identity'; profile: string }
  | { kind: 'credential-source'; profile: string; source: string }
  | { kind: 'login'; profile: string }
  /** The profile gives no credentials itself: the SDK's chain goes on (env, container, instance). */
  | { kind: 'none'; profile: string };

export interface ProfileChain {
  /** Roles to assume, innermost (the one the source's credentials assume) first. */
  roles: RoleLink[];
  source: CredentialSource;
}

type Section = Readonly<Record<string, string | undefined>>;

const isStatic = (data: Section | undefined): boolean =>
  typeof data?.aws_access_key_id === 'string' && typeof data.aws_secret_access_key === 'string';
const withSourceProfile = (data: Section): boolean =>
  typeof data.source_profile === 'string' && data.credential_source === undefined;
const withCredentialSource = (data: Section): boolean =>
  typeof data.credential_source === 'string' && data.source_profile === undefined;
const isAssumeRole = (data: Section | undefined): boolean =>
  data !== undefined &&
  typeof data.role_arn === 'string' &&
  (withSourceProfile(data) || withCredentialSource(data));
const isCredentialSourceWithoutRole = (data: Section | undefined): boolean =>
  !data?.role_arn && !!data?.credential_source;
const isSso = (data: Section): boolean =>
  ['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some(
    (key) => typeof data[key] === 'string',
  );

/**
 * Follows a profile's credential chain the way the SDK's fromIni does (resolveProfileData), so that
 * what would fail deep inside the SDK with a generic "could not load credentials" is named here: a
 * source_profile loop (with its path), a profile that names itself without keys of its own, a
 * source_profile that does not exist. Throws an AwsError for those; otherwise says which roles are
 * assumed and where the innermost credentials come from.
 */
export function profileChain(profileName: string, config: SharedConfig): ProfileChain {
  const roles: RoleLink[] = [];
  // The SDK's visitedProfiles: the profile we start from is not in it, which is what lets a profile
  // with its own keys name itself as source_profile (the AWS CLI's convention for that case).
  const visited = new Set<string>();
  const path = [profileName];
  let name = profileName;
  let recursive = false;
  for (;;) {
    const data = config.raw.get(name);
    if (visited.size > 0 && isStatic(data)) return { roles, source: { kind: 'static', profile: name } };
    if (data && (recursive || isAssumeRole(data))) {
      const source = data.source_profile;
      if (data.role_arn) roles.unshift(roleLink(name, data));
      if (source === undefined) {
        return {
          roles,
          source: { kind: 'credential-source', profile: name, source: data.credential_source ?? '' },
        };
      }
      path.push(source);
      if (visited.has(source)) throw cycleError(profileName, path);
      const next = config.raw.get(source);
      if (next === undefined) {
        throw new AwsError(
          'profile-not-found',
          `profile ${name} takes its credentials from source_profile ${source}, which is not in ${config.paths.configFilepath} or ${config.paths.filepath}`,
          { profile: name },
        );
      }
      visited.add(source);
      recursive = isCredentialSourceWithoutRole(next);
      name = source;
      continue;
    }
    if (!data) return { roles, source: { kind: 'none', profile: name } };
    if (isStatic(data)) return { roles, source: { kind: 'static', profile: name } };
    if (typeof data.web_identity_token_file === 'string' && typeof data.role_arn === 'string') {
      return { roles, source: { kind: 'web-identity', profile: name } };
    }
    if (typeof data.credential_process === 'string') {
      return { roles, source: { kind: 'process', profile: name, command: data.credential_process } };
    }
    if (isSso(data)) return { roles, source: { kind: 'sso', profile: name } };
    if (typeof data.login_session === 'string') return { roles, source: { kind: 'login', profile: name } };
    return { roles, source: { kind: 'none', profile: name } };
  }
}

function roleLink(profile: string, data: Section): RoleLink {
  const link: RoleLink = { profile, roleArn: data.role_arn ?? '' };
  if (data.role_session_name) link.roleSessionName = data.role_session_name;
  if (data.external_id) link.externalId = data.external_id;
  if (data.duration_seconds) link.durationSeconds = parseInt(data.duration_seconds, 10);
  if (data.mfa_serial) link.mfaSerial = data.mfa_serial;
  if (data.region) link.region = data.region;
  return link;
}

/** The loop as the user reads it: from the starting profile to the first name seen twice. */
function cycleError(start: string, path: readonly string[]): AwsError {
  const seen = new Set<string>();
  const shown: string[] = [];
  for (const name of path) {
    shown.push(name);
    if (seen.has(name)) break;
    seen.add(name);
  }
  const message =
    shown.length === 2 && shown[0] === shown[1]
      ? `profile ${start} names itself as source_profile and has no keys of its own`
      : `profile ${start}: source_profile loop ${shown.join(' → ')}`;
  return new AwsError('profile-cycle', message, { profile: start });
}
