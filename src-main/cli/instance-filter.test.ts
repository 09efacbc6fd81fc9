import { describe, expect, it } from 'vitest';
import type { InstanceRecord } from '../client/instance-record.js';
import { globToRegExp, matchesFilter, parseTagFilter } from './instance-filter.js';
import { renderTable } from './table.js';

const base: InstanceRecord = {
  instanceId: 'i-0123456789abcdef0',
  name: 'web-1',
  tags: { Name: 'web-1', Env: 'prod' },
  state: 'running',
  pingStatus: 'Online',
  platformType: 'Linux',
  platformName: 'Amazon Linux',
  platformVersion: '2023',
  agentVersion: '3.3.1611.0',
  privateIpAddress: '10.0.0.1',
  privateDnsName: undefined,
  instanceType: 't3.micro',
  region: 'us-east-1',
  profile: undefined,
  managed: true,
};

describe('instance filters', () => {
  it('globs', () => {
    expect(globToRegExp('web-*').test('web-12')).toBe(true);
    expect(globToRegExp('web-?').test('web-12')).toBe(false);
    expect(globToRegExp('db.[ab]').test('db.a')).toBe(true);
    expect(globToRegExp('db.[ab]').test('dbxa')).toBe(false);
  });

  it('name, tag, state and platform', () => {
    expect(matchesFilter(base, { name: 'WEB*', tags: [] })).toBe(true);
    expect(matchesFilter(base, { name: 'db*', tags: [] })).toBe(false);
    expect(matchesFilter(base, { tags: [{ key: 'Env', value: 'prod' }] })).toBe(true);
    expect(matchesFilter(base, { tags: [{ key: 'Env', value: 'dev' }] })).toBe(false);
    expect(matchesFilter(base, { tags: [{ key: 'Team', value: '*' }] })).toBe(false);
    expect(matchesFilter(base, { tags: [], state: 'online' })).toBe(true);
    expect(matchesFilter(base, { tags: [], state: 'stopped' })).toBe(false);
    expect(matchesFilter(base, { tags: [], platform: 'windows' })).toBe(false);
    expect(matchesFilter(base, { tags: [], platform: 'linux' })).toBe(true);
  });

  it('rejects a tag without =', () => {
    expect(() => parseTagFilter('Env')).toThrow(/Key=Value/);
    expect(parseTagFilter('a=b=c')).toEqual({ key: 'a', value: 'b=c' });
  });
});

describe('renderTable', () => {
  it('aligns columns', () => {
    const text = renderTable(
      [
        { header: 'ID', value: (r: { id: string; n: string }) => r.id },
        { header: 'NAME', value: (r) => r.n },
      ],
      [
        { id: 'i-1', n: 'a' },
        { id: 'i-1234', n: 'bb' },
      ],
    );
    expect(text).toBe('ID      NAME\ni-1     a\ni-1234  bb\n');
  });
});
