import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';
import { AwsError } from './aws-error.js';
import { profileChain } from './profile-chain.js';

/**
 * The AWS CLI's shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * ~/.aws), read with the SDK's own loader so both agree on what a profile is, but found through the
 * environment the caller passes (which is process.env unless a library user says otherwise).
 */
export interface ProfileSettings {
  name: string;
  region?: string;
  endpointUrl?: string;
  /** `services = NAME`: the `[services NAME]` section with per-service endpoint URLs. */
  services?: string;
  ignoreConfiguredEndpointUrls?: boolean;
  ssoSession?: string;
  ssoStartUrl?: string;
  roleArn?: string;
  sourceProfile?: string;
  credentialSource?: string;
  mfaSerial?: string;
  /** The profile holds static keys (aws_access_key_id and aws_secret_access_key). */
  staticKeys?: boolean;
}

export interface SharedConfigPaths {
  /** The credentials file (the SDK's `filepath`). */
  filepath: string;
  /** The config file (the SDK's `configFilepath`). */
  configFilepath: string;
}

export interface SharedConfig {
  paths: SharedConfigPaths;
  profiles: Map<string, ProfileSettings>;
  /**
   * Every profile's settings as the SDK's credential providers see them (parseKnownFiles: the config
   * file's section, then the credentials file's on top), for following credential chains as they do.
   */
  raw: Map<string, Readonly<Record<string, string | undefined>>>;
  /** `[services NAME]` sections: NAME → `{"ssm.endpoint_url": …}`. */
  services: Map<string, Record<string, string | undefined>>;
  /** `[sso-session NAME]` sections: NAME → `{sso_start_url, sso_region, sso_registration_scopes}`. */
  ssoSessions: Map<string, Readonly<Record<string, string | undefined>>>;
}

/** The home directory as the SDK finds it (HOME, USERPROFILE, HOMEDRIVE+HOMEPATH), from `env`. */
export function homeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}`;
  return homedir();
}

/** Where the shared files are: AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/…, `~` expanded. */
export function sharedConfigPaths(env: NodeJS.ProcessEnv = process.env): SharedConfigPaths {
  const home = homeDirectory(env);
  const expand = (path: string): string => (/^~[/\\]/.test(path) ? join(home, path.slice(2)) : path);
  return {
    filepath: expand(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')),
    configFilepath: expand(env.AWS_CONFIG_FILE || join(home, '.aws', 'config')),
  };
}

const SERVICES_PREFIX = 'services.';
const SSO_SESSION_PREFIX = 'sso-session.';

export async function readSharedConfig(env: NodeJS.ProcessEnv = process.env): Promise<SharedConfig> {
  const paths = sharedConfigPaths(env);
  const files = await loadSharedConfigFiles({ ...paths, ignoreCache: true });
  const profiles = new Map<string, ProfileSettings>();
  const services = new Map<string, Record<string, string | undefined>>();
  const ssoSessions = new Map<string, Record<string, string | undefined>>();
  const raw = new Map<string, Record<string, string | undefined>>();
  for (const source of [files.configFile, files.credentialsFile]) {
    for (const [name, values] of Object.entries(source)) {
      if (name.startsWith(SERVICES_PREFIX) || name.startsWith(SSO_SESSION_PREFIX)) continue;
      raw.set(name, { ...raw.get(name), ...values });
    }
  }
  for (const source of [files.credentialsFile, files.configFile]) {
    for (const [name, values] of Object.entries(source)) {
      if (name.startsWith(SERVICES_PREFIX)) {
        services.set(name.slice(SERVICES_PREFIX.length), values);
        continue;
      }
      if (name.startsWith(SSO_SESSION_PREFIX)) {
        ssoSessions.set(name.slice(SSO_SESSION_PREFIX.length), values);
        continue;
      }
      const entry = profiles.get(name) ?? { name };
      if (values.region) entry.region = values.region;
      if (values.endpoint_url) entry.endpointUrl = values.endpoint_url;
      if (values.services) entry.services = values.services;
      if (values.ignore_configured_endpoint_urls !== undefined) {
        entry.ignoreConfiguredEndpointUrls = values.ignore_configured_endpoint_urls.toLowerCase() === 'true';
      }
      if (values.sso_session) entry.ssoSession = values.sso_session;
      if (values.sso_start_url) entry.ssoStartUrl = values.sso_start_url;
      if (values.role_arn) entry.roleArn = values.role_arn;
      if (values.source_profile) entry.sourceProfile = values.source_profile;
      if (values.credential_source) entry.credentialSource = values.credential_source;
      if (values.mfa_serial) entry.mfaSerial = values.mfa_serial;
      if (values.aws_access_key_id && values.aws_secret_access_key) entry.staticKeys = true;
      profiles.set(name, entry);
    }
  }
  return { paths, profiles, services, raw, ssoSessions };
}

export async function readProfiles(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Map<string, ProfileSettings>> {
  return (await readSharedConfig(env)).profiles;
}

/** The profile in use: the explicit one, else AWS_PROFILE, else `default`. */
export function profileNameOf(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return explicit || env.AWS_PROFILE || 'default';
}

/** Region as the AWS CLI resolves it: flag, then AWS_REGION / AWS_DEFAULT_REGION, then the profile. */
export async function resolveRegion(
  flag: string | undefined,
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  config?: SharedConfig,
): Promise<string | undefined> {
  if (flag) return flag;
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const profiles = config?.profiles ?? (await readProfiles(env));
  return profiles.get(profileNameOf(profile, env))?.region;
}

/**
 * SDK service ids of the clients we build, as they name the endpoint settings: the variable
 * AWS_ENDPOINT_URL_<id> and the key `<id in lower case>` in a `[services]` section (the SSO portal is
 * `SSO` / `sso`; SSO OIDC is `SSO_OIDC` / `sso_oidc`, from its service id "SSO OIDC").
 */
export type EndpointService = 'SSM' | 'EC2' | 'KMS' | 'RDS' | 'STS' | 'SSO' | 'SSO_OIDC';

/**
 * A service's configured endpoint as the SDK resolves it (@smithy/core getEndpointFromConfig), but
 * for the profile in use and from `env`: AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
 * ignore_configured_endpoint_urls) turns it off; then AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
 * the profile's `[services]` section (`ssm = \n  endpoint_url = …`) and its own endpoint_url.
 */
export function configuredEndpoint(
  service: EndpointService,
  profileName: string,
  config: SharedConfig,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const profile = config.profiles.get(profileName);
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (
    ignore !== undefined && ignore !== ''
      ? ignore.toLowerCase() === 'true'
      : profile?.ignoreConfiguredEndpointUrls
  ) {
    return undefined;
  }
  const fromEnv = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL;
  if (fromEnv) return fromEnv;
  if (profile?.services) {
    const section = config.services.get(profile.services);
    if (!section) {
      throw new AwsError(
        'config-invalid',
        `profile ${profileName} names services ${profile.services}, but ${config.paths.configFilepath} has no [services ${profile.services}] section`,
        { profile: profileName },
      );
    }
    const url = section[`${service.toLowerCase()}.endpoint_url`];
    if (url) return url;
  }
  return profile?.endpointUrl;
}

/**
 * The MFA device the SDK will ask a code for when it resolves this profile's credentials: a role on
 * the profile's chain (profile-chain.ts) has mfa_serial. Undefined when none has, or the chain is
 * broken (that error comes when credentials are fetched).
 */
export function mfaSerialFor(profileName: string, config: SharedConfig): string | undefined {
  try {
    const { roles } = profileChain(profileName, config);
    return [...roles].reverse().find((role) => role.mfaSerial)?.mfaSerial;
  } catch {
    return undefined;
  }
}
