import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pythonJsonDumps } from './python-json.js';
import { homeDirectory } from './shared-config.js';

/**
 * The AWS CLI v2's SSO cache, read and written as botocore does it, so that `aws` and SSM Desk share
 * one sign-in (awscli/customizations/sso/utils.py and botocore/utils.py SSOTokenFetcher):
 *
 * - the folder is `~/.aws/sso/cache` (SSO_TOKEN_DIR, `~` being HOME), whatever AWS_CONFIG_FILE says;
 * - a file is `<key>.json`, the JSON as Python's json.dumps writes it, created with mode 0600
 *   (JSONFileCache.__setitem__); the folder is created when missing;
 * - times are UTC, `%Y-%m-%dT%H:%M:%SZ` (no fractions: _serialize_utc_timestamp);
 * - the token's key is the SHA-1 of the sso-session name, or of the start URL for a legacy profile;
 * - the client registration's key is the SHA-1 of `json.dumps({tool, startUrl, region, scopes,
 *   session_name}, sort_keys=True)` with `tool` "botocore" (_registration_cache_key).
 */

/** The token file's members, in the order botocore's dict has them. */
export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: string;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: string;
  refreshToken?: string;
}

/** The client registration's members, in botocore's order. */
export interface SsoCachedRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: string;
  scopes?: string[];
}

/** Where the AWS CLI keeps SSO tokens and client registrations for this environment's HOME. */
export function ssoCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return join(homeDirectory(env), '.aws', 'sso', 'cache');
}

/** The token file's name without `.json`: SHA-1 of the session name, else of the start URL. */
export function tokenCacheKey(startUrl: string, sessionName: string | undefined): string {
  return createHash('sha1')
    .update(sessionName ?? startUrl, 'utf8')
    .digest('hex');
}

/** The client registration file's name without `.json`, as botocore derives it. */
export function registrationCacheKey(
  startUrl: string,
  region: string,
  scopes: string[] | undefined,
  sessionName: string | undefined,
): string {
  const args = pythonJsonDumps(
    { tool: 'botocore', startUrl, region, scopes: scopes ?? null, session_name: sessionName ?? null },
    { sortKeys: true },
  );
  return createHash('sha1').update(args, 'utf8').digest('hex');
}

/** A time as botocore writes it into the cache: UTC, whole seconds, `Z`. */
export function cacheTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A cache entry, or undefined when the file is missing or is not a JSON object (botocore treats both as absent). */
export async function readCacheEntry(
  directory: string,
  key: string,
): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(join(directory, `${key}.json`), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `<directory>/<key>.json` in botocore's format, mode 0600. Written beside and renamed into
 * place, so a reader (the AWS CLI, the SDK in another process) never sees half a file; the result is
 * the file botocore would have written.
 */
export async function writeCacheEntry(
  directory: string,
  key: string,
  entry: SsoCachedToken | SsoCachedRegistration,
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${key}.json`);
  const temporary = join(directory, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, pythonJsonDumps({ ...entry }), { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}
