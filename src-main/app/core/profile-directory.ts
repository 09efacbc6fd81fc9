import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  EMULATOR_PROFILE_ID,
  EMULATOR_PROFILE_LABEL,
  type ProfileInfo,
  type ProfileKind,
} from '../../../src-shared/model/profile.js';
import { AwsContext } from '../../aws/aws-context.js';
import { readSharedConfig, type ProfileSettings } from '../../aws/shared-config.js';
import type { EmbeddedEmulator } from './embedded-emulator.js';

/** Where a profile without a region of its own lists (and where the user can add more). */
const FALLBACK_REGION = 'us-east-1';

/**
 * The profiles the app can use: every profile of the user's AWS config and credentials files, plus
 * the built-in emulator ("Local emulator"). It hands out one AwsContext per profile × region, created
 * once, so credentials (SSO, assumed roles, MFA) are fetched once per profile and refreshed by the SDK.
 */
export class ProfileDirectory {
  private readonly contexts = new Map<string, Promise<AwsContext>>();
  private profiles: ProfileInfo[] = [];
  /** The environment's own static keys (AWS_ACCESS_KEY_ID …) count as a profile named "default". */
  private envKeys = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly emulator: EmbeddedEmulator,
    /** Asks the user for an MFA code (the app's dialog). */
    private readonly askMfa: (profile: string, serial: string) => Promise<string>,
  ) {}

  /** Forgets a profile's contexts, so its credentials are fetched again (after a sign-in). */
  forget(profileId: string): void {
    for (const key of [...this.contexts.keys()])
      if (key.startsWith(`${profileId}|`)) this.contexts.delete(key);
  }

  /** Reads the config files again; returns every profile, the emulator last. */
  async load(): Promise<ProfileInfo[]> {
    const config = await readSharedConfig(this.env);
    this.envKeys = Boolean(this.env.AWS_ACCESS_KEY_ID && this.env.AWS_SECRET_ACCESS_KEY);
    const profiles = [...config.profiles.values()].map(profileInfo);
    if (this.envKeys && !config.profiles.has('default')) {
      profiles.unshift({
        id: 'default',
        label: 'default (environment)',
        kind: 'environment',
        needsMfa: false,
      });
    }
    profiles.sort((a, b) => a.id.localeCompare(b.id));
    profiles.push({
      id: EMULATOR_PROFILE_ID,
      label: EMULATOR_PROFILE_LABEL,
      kind: 'emulator',
      regions: this.emulator.regions,
      needsMfa: false,
    });
    this.profiles = profiles;
    this.contexts.clear();
    return profiles;
  }

  list(): ProfileInfo[] {
    return this.profiles;
  }

  /** True when the user has no AWS configuration at all: the app then starts on the emulator. */
  get hasAwsProfiles(): boolean {
    return this.profiles.some((p) => p.id !== EMULATOR_PROFILE_ID);
  }

  get(id: string): ProfileInfo | undefined {
    return this.profiles.find((p) => p.id === id);
  }

  /** The regions a profile lists when the user chose none: the emulator's, else its own region. */
  defaultRegions(profile: ProfileInfo): string[] {
    return profile.regions ?? [profile.region ?? FALLBACK_REGION];
  }

  /**
   * The context for a profile in a region. Every region of a profile shares the first context's
   * credentials (inRegion), so an MFA code or an SSO token is asked for once per profile.
   */
  contextFor(profileId: string, region: string): Promise<AwsContext> {
    const key = `${profileId}|${region}`;
    let context = this.contexts.get(key);
    if (!context) {
      const sibling = [...this.contexts.entries()].find(([k]) => k.startsWith(`${profileId}|`))?.[1];
      context = sibling
        ? sibling.then((first) => first.inRegion(region))
        : this.createContext(profileId, region);
      // A failed creation (e.g. a config file that cannot be read) is tried again next time.
      context.catch(() => this.contexts.delete(key));
      this.contexts.set(key, context);
    }
    return context;
  }

  private async createContext(profileId: string, region: string): Promise<AwsContext> {
    if (profileId === EMULATOR_PROFILE_ID) {
      const emulator = await this.emulator.ensureStarted();
      return AwsContext.create({
        region,
        endpointUrl: emulator.endpoint,
        // Only the emulator's own keys: nothing of the user's configuration or environment.
        env: {
          AWS_ACCESS_KEY_ID: emulator.accessKeyId,
          AWS_SECRET_ACCESS_KEY: emulator.secretAccessKey,
          AWS_CONFIG_FILE: join(emulator.scratchDirectory, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(emulator.scratchDirectory, 'no-credentials'),
          HOME: emulator.scratchDirectory,
        },
      });
    }
    const useEnvKeys = profileId === 'default' && this.envKeys;
    return AwsContext.create({
      region,
      env: this.env,
      ...(useEnvKeys ? {} : { profile: profileId }),
      mfaCodeProvider: (serial) => this.askMfa(profileId, serial),
    });
  }
}

function profileInfo(settings: ProfileSettings): ProfileInfo {
  return {
    id: settings.name,
    label: settings.name,
    kind: kindOf(settings),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.ssoStartUrl ? { ssoStartUrl: settings.ssoStartUrl } : {}),
    needsMfa: Boolean(settings.mfaSerial),
  };
}

function kindOf(settings: ProfileSettings): ProfileKind {
  if (settings.ssoSession || settings.ssoStartUrl) return 'sso';
  if (settings.roleArn) return 'assume-role';
  if (settings.staticKeys) return 'static';
  return 'other';
}

/** A random secret for one launch: the emulator's access key and the browser server's cookie. */
export function launchSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
