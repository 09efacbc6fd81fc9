import { loadSharedConfigFiles } from '@smithy/core/config';

/**
 * The AWS CLI's shared config and credentials files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * ~/.aws), read with the SDK's own loader so both agree on what a profile is.
 */
export interface ProfileSettings {
  name: string;
  region?: string;
  endpointUrl?: string;
  ssoSession?: string;
  ssoStartUrl?: string;
}

export async function readProfiles(): Promise<Map<string, ProfileSettings>> {
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  const profiles = new Map<string, ProfileSettings>();
  for (const source of [files.credentialsFile, files.configFile]) {
    for (const [name, values] of Object.entries(source)) {
      const entry = profiles.get(name) ?? { name };
      if (values.region) entry.region = values.region;
      if (values.endpoint_url) entry.endpointUrl = values.endpoint_url;
      if (values.sso_session) entry.ssoSession = values.sso_session;
      if (values.sso_start_url) entry.ssoStartUrl = values.sso_start_url;
      profiles.set(name, entry);
    }
  }
  return profiles;
}

/** Region as the AWS CLI resolves it: flag, then AWS_REGION / AWS_DEFAULT_REGION, then the profile. */
export async function resolveRegion(
  flag: string | undefined,
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (flag) return flag;
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const profiles = await readProfiles();
  return profiles.get(profile || env.AWS_PROFILE || 'default')?.region;
}
