import { open, readFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';

/** How one file of the user-data folder is stored: its name, format version, schema and upgrades. */
export interface StoreSpec<T> {
  file: string;
  version: number;
  schema: z.ZodType<T>;
  defaults: () => T;
  /** `migrations[n]` turns the data of version n into version n + 1. */
  migrations?: Record<number, (data: unknown) => unknown>;
}

export interface StoreProblem {
  file: string;
  /** Where the unreadable file was kept. */
  keptAs: string;
  reason: string;
}

/**
 * One JSON file in the user-data folder, versioned (`{"version": n, "data": …}`), validated on
 * read, migrated forward, and written atomically (a temporary file, fsync, then rename) so a crash
 * never leaves half a file. A file that cannot be read is never lost and never crashes the app: it
 * is renamed aside (`settings.json.corrupt-<time>`) and reported, and the defaults are used.
 */
export class JsonStore<T> {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly spec: StoreSpec<T>,
    private value: T,
  ) {}

  static async open<T>(
    directory: string,
    spec: StoreSpec<T>,
  ): Promise<{ store: JsonStore<T>; problem?: StoreProblem }> {
    await mkdir(directory, { recursive: true });
    const path = join(directory, spec.file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { store: new JsonStore(path, spec, spec.defaults()) };
      }
      throw error;
    }
    const read = decode(text, spec);
    if (read.ok) return { store: new JsonStore(path, spec, read.value) };
    const keptAs = `${path}.${read.newer ? 'newer' : 'corrupt'}-${timestamp()}`;
    await rename(path, keptAs);
    return {
      store: new JsonStore(path, spec, spec.defaults()),
      problem: { file: spec.file, keptAs, reason: read.reason },
    };
  }

  get(): T {
    return this.value;
  }

  /** Replaces the value; resolves once it is on disk. Writes happen one at a time, in order. */
  set(value: T): Promise<void> {
    this.value = value;
    const text = `${JSON.stringify({ version: this.spec.version, data: value }, null, 2)}\n`;
    this.writing = this.writing.catch(() => undefined).then(() => writeAtomically(this.path, text));
    return this.writing;
  }
}

type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string; newer?: boolean };

function decode<T>(text: string, spec: StoreSpec<T>): Decoded<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || !('version' in parsed) || !('data' in parsed)) {
    return { ok: false, reason: 'no "version" and "data"' };
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { ok: false, reason: `version ${JSON.stringify(version)} is not a format version` };
  }
  if (version > spec.version) {
    return { ok: false, newer: true, reason: `written by a newer SSM Desk (format ${version})` };
  }
  let data: unknown = parsed.data;
  for (let from = version; from < spec.version; from++) {
    const migrate = spec.migrations?.[from];
    if (!migrate) return { ok: false, reason: `no upgrade from format ${from}` };
    data = migrate(data);
  }
  const checked = spec.schema.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'data'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: checked.data };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
