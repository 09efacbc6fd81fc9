import { AwsError } from './aws-error.js';
import { profileChain } from './profile-chain.js';
import type { SharedConfig } from './shared-config.js';

/** What an IAM Identity Center sign-in for a profile signs in to, as the AWS CLI reads it. */
export interface SsoSignInTarget {
  /** The profile whose settings these are (the one asked for, or the SSO profile its roles start from). */
  profile: string;
  /** The `[sso-session NAME]` the profile names; undefined for the legacy form (sso_start_url in the profile). */
  sessionName: string | undefined;
  startUrl: string;
  /** sso_region: where IAM Identity Center (and its OIDC service) is. */
  region: string;
  /** sso_registration_scopes, for the client registration; undefined when none are configured. */
  scopes: string[] | undefined;
}

/**
 * The sign-in settings of a profile, as `aws sso login --profile P` reads them
 * (awscli/customizations/sso/utils.py BaseSSOCommand): the `sso_session` it names and that section's
 * sso_start_url, sso_region and sso_registration_scopes, or, in the legacy form, sso_start_url and
 * sso_region in the profile itself. A profile that assumes a role on top of an SSO profile signs in
 * that SSO profile. Anything missing is an AwsError `config-invalid` that names it.
 */
export function ssoSignInTarget(profileName: string, config: SharedConfig): SsoSignInTarget {
  const where = config.paths.configFilepath;
  if (!config.raw.has(profileName)) {
    throw new AwsError('profile-not-found', `profile ${profileName} is not in ${where}`, {
      profile: profileName,
    });
  }
  const source = profileChain(profileName, config).source;
  const profile = source.kind === 'sso' ? source.profile : profileName;
  const settings = config.raw.get(profile) ?? {};
  const sessionName = settings.sso_session;
  if (sessionName !== undefined) {
    const session = config.ssoSessions.get(sessionName);
    if (!session) {
      throw new AwsError(
        'config-invalid',
        `profile ${profile} names sso_session ${sessionName}, but ${where} has no [sso-session ${sessionName}] section`,
        { profile },
      );
    }
    const missing = ['sso_start_url', 'sso_region'].filter((key) => !session[key]);
    if (missing.length > 0) {
      throw new AwsError(
        'config-invalid',
        `[sso-session ${sessionName}] in ${where} has no ${missing.join(' or ')}`,
        { profile },
      );
    }
    return {
      profile,
      sessionName,
      startUrl: session.sso_start_url as string,
      region: session.sso_region as string,
      scopes:
        session.sso_registration_scopes === undefined
          ? undefined
          : parseScopes(session.sso_registration_scopes),
    };
  }
  if (settings.sso_start_url === undefined && settings.sso_region === undefined) {
    throw new AwsError(
      'config-invalid',
      `profile ${profile} does not sign in through IAM Identity Center (it has no sso_session or sso_start_url)`,
      { profile },
    );
  }
  const missing = ['sso_start_url', 'sso_region'].filter((key) => !settings[key]);
  if (missing.length > 0) {
    throw new AwsError('config-invalid', `profile ${profile} has no ${missing.join(' or ')}`, { profile });
  }
  return {
    profile,
    sessionName: undefined,
    startUrl: settings.sso_start_url as string,
    region: settings.sso_region as string,
    scopes: undefined,
  };
}

/** A comma list, as awscli's parse_sso_registration_scopes: items trimmed, empty ones dropped. */
function parseScopes(text: string): string[] {
  return text
    .split(',')
    .map((scope) => scope.trim())
    .filter((scope) => scope !== '');
}
