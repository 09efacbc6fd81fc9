import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * botocore's data directory on this machine (the AWS CLI v1's Python package), found the way the brief
 * of these tests says: ask Python. Undefined when Python or botocore is missing; the tests that need
 * it then skip with that reason in their title.
 */
export function findBotocoreData(): string | undefined {
  try {
    const dir = execFileSync(
      'python3',
      ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ).trim();
    const data = join(dir, 'data');
    return existsSync(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** A model file of the newest API version botocore ships for `service` (plain or gzipped JSON). */
export function readBotocoreFile(data: string, service: string, file: string): unknown {
  const versions = readdirSync(join(data, service)).sort();
  const latest = versions.at(-1);
  if (!latest) throw new Error(`botocore has no versions of ${service}`);
  const base = join(data, service, latest, file);
  if (existsSync(base)) return JSON.parse(readFileSync(base, 'utf8'));
  if (existsSync(`${base}.gz`)) return JSON.parse(gunzipSync(readFileSync(`${base}.gz`)).toString('utf8'));
  throw new Error(`botocore has no ${file} for ${service} ${latest}`);
}
