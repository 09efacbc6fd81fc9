import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../client/instance-record.js';
import { fleetLabels } from './exec-fleet.js';
import { fleetSummary } from './fleet-summary.js';
import { LinePrefixer } from './line-prefixer.js';

async function prefixed(chunks: string[], prefix = 'web-1 | '): Promise<string> {
  const target = new PassThrough();
  let out = '';
  target.on('data', (data: Buffer) => (out += data.toString()));
  const prefixer = new LinePrefixer(target, prefix);
  for (const chunk of chunks) prefixer.write(chunk);
  prefixer.end();
  await new Promise((resolve) => prefixer.on('finish', resolve));
  return out;
}

describe('LinePrefixer', () => {
  it('prefixes whole lines, holding a partial line until its newline or the end', async () => {
    expect(await prefixed(['a\nb', 'c\r\n', '', 'd'])).toBe('web-1 | a\nweb-1 | bc\r\nweb-1 | d\n');
    expect(await prefixed([])).toBe('');
  });

  it('never mixes two instances within a line on a shared stream', async () => {
    const target = new PassThrough();
    let out = '';
    target.on('data', (data: Buffer) => (out += data.toString()));
    const one = new LinePrefixer(target, 'a | ');
    const two = new LinePrefixer(target, 'b | ');
    one.write('one-');
    two.write('two-');
    one.write('done\n');
    two.write('done\n');
    one.end();
    two.end();
    await Promise.all([new Promise((r) => one.on('finish', r)), new Promise((r) => two.on('finish', r))]);
    expect(out.split('\n').sort()).toEqual(['', 'a | one-done', 'b | two-done']);
  });

  it('cuts a line longer than 64 KiB into prefixed pieces', async () => {
    const out = await prefixed(['x'.repeat(64 * 1024 + 10)], '> ');
    expect(out).toBe(`> ${'x'.repeat(64 * 1024)}\n> ${'x'.repeat(10)}\n`);
  });
});

describe('fleetSummary', () => {
  it('counts, and groups failures by exit code in the order given', () => {
    expect(
      fleetSummary([
        { label: 'web-1', kind: 'exited', exitCode: 0 },
        { label: 'web-3', kind: 'exited', exitCode: 1 },
        { label: 'web-9', kind: 'exited', exitCode: 2 },
        { label: 'web-7', kind: 'exited', exitCode: 1 },
        { label: 'web-5', kind: 'failed', error: 'i-5 is not connected.' },
        { label: 'web-6', kind: 'cancelled' },
      ]),
    ).toBe(
      '6 instances: 1 succeeded, 4 failed (exit 1: web-3, web-7; exit 2: web-9; no session: web-5), 1 cancelled',
    );
    expect(fleetSummary([{ label: 'a', kind: 'exited', exitCode: 0 }])).toBe('1 instance: 1 succeeded');
  });
});

describe('fleetLabels', () => {
  it('the Name, else the id; a shared Name gets the id too', () => {
    const record = (instanceId: string, name: string | undefined): InstanceRecord =>
      ({ instanceId, name, tags: {}, region: 'us-east-1', managed: true }) as InstanceRecord;
    expect(
      fleetLabels([
        record('i-1', 'web'),
        record('i-2', 'web'),
        record('i-3', undefined),
        record('i-4', 'db'),
      ]),
    ).toEqual(['web/i-1', 'web/i-2', 'i-3', 'db']);
  });
});
