import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonStore, type StoreSpec } from './json-store.js';

const Schema = z.object({ name: z.string(), count: z.number() });
type Data = z.infer<typeof Schema>;
const spec: StoreSpec<Data> = {
  file: 'thing.json',
  version: 2,
  schema: Schema,
  defaults: () => ({ name: 'default', count: 0 }),
  // Version 1 called the field "title".
  migrations: { 1: (data) => ({ name: (data as { title: string }).title, count: 1 }) },
};

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'json-store-'));
}

describe('JsonStore', () => {
  it('starts from the defaults without a file, and writes versioned JSON atomically', async () => {
    const dir = await folder();
    const { store, problem } = await JsonStore.open(dir, spec);
    expect(problem).toBeUndefined();
    expect(store.get()).toEqual({ name: 'default', count: 0 });
    await store.set({ name: 'saved', count: 3 });
    expect(JSON.parse(await readFile(join(dir, 'thing.json'), 'utf8'))).toEqual({
      version: 2,
      data: { name: 'saved', count: 3 },
    });
    // No temporary file is left behind.
    expect(await readdir(dir)).toEqual(['thing.json']);
    expect((await JsonStore.open(dir, spec)).store.get()).toEqual({ name: 'saved', count: 3 });
  });

  it('keeps writes in order when several are in flight', async () => {
    const dir = await folder();
    const { store } = await JsonStore.open(dir, spec);
    await Promise.all([1, 2, 3, 4, 5].map((count) => store.set({ name: 'n', count })));
    expect((await JsonStore.open(dir, spec)).store.get().count).toBe(5);
  });

  it('migrates an older format forward', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'thing.json'), JSON.stringify({ version: 1, data: { title: 'old' } }));
    const { store, problem } = await JsonStore.open(dir, spec);
    expect(problem).toBeUndefined();
    expect(store.get()).toEqual({ name: 'old', count: 1 });
  });

  it.each([
    ['not JSON', '{"version": 2, "data": {', /not JSON/],
    ['no envelope', '{"name": "x"}', /no "version" and "data"/],
    ['a bad version', '{"version": "two", "data": {}}', /is not a format version/],
    ['data that fails the schema', '{"version": 2, "data": {"name": 5, "count": 1}}', /^name: /],
  ])('keeps a file with %s aside, reports it, and uses the defaults', async (_what, text, reason) => {
    const dir = await folder();
    await writeFile(join(dir, 'thing.json'), text);
    const { store, problem } = await JsonStore.open(dir, spec);
    expect(store.get()).toEqual({ name: 'default', count: 0 });
    expect(problem?.reason).toMatch(reason);
    expect(problem?.keptAs).toMatch(/thing\.json\.corrupt-/);
    expect(await readFile(problem?.keptAs as string, 'utf8')).toBe(text);
    await store.set({ name: 'new', count: 1 });
    expect((await readdir(dir)).sort()).toEqual(
      ['thing.json', (problem?.keptAs as string).slice(dir.length + 1)].sort(),
    );
  });

  it('keeps a file from a newer version aside instead of misreading it', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'thing.json'), JSON.stringify({ version: 9, data: {} }));
    const { problem } = await JsonStore.open(dir, spec);
    expect(problem?.keptAs).toMatch(/thing\.json\.newer-/);
    expect(problem?.reason).toMatch(/newer SSM Desk \(format 9\)/);
  });
});
