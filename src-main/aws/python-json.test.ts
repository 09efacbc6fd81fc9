import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps, type PythonJsonValue } from './python-json.js';

const python = spawnSync('python3', ['-c', 'print(1)']).status === 0;

/** What Python's json.dumps writes for the same value. */
function pythonDumps(value: PythonJsonValue, sortKeys: boolean): string {
  const script = `import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), sort_keys=${sortKeys ? 'True' : 'False'}))`;
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(value), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

const SAMPLES: PythonJsonValue[] = [
  {
    startUrl: 'https://x.awsapps.com/start',
    region: 'us-east-1',
    accessToken: 'aoa/+=',
    expiresAt: '2030-01-01T00:00:00Z',
  },
  {
    tool: 'botocore',
    startUrl: 'https://x',
    region: 'eu-west-1',
    scopes: ['sso:account:access', 'b'],
    session_name: null,
  },
  {
    tool: 'botocore',
    startUrl: 'https://x',
    region: 'eu-west-1',
    scopes: null,
    session_name: 'Ünïcødé ☃ 😀',
  },
  {
    'quote"back\\slash': 'tab\tnew\nline\u0001\u007f end',
    nested: { n: 1, f: 1.5, t: true, z: false, e: [] },
  },
  { b: 1, a: 2, B: 3, é: 4, '😀': 5, ｚ: 6 },
];

describe('pythonJsonDumps', () => {
  it('writes what botocore writes: ", " and ": " separators, keys in order', () => {
    expect(pythonJsonDumps({ startUrl: 'https://x', region: 'us-east-1', scopes: ['a', 'b'] })).toBe(
      '{"startUrl": "https://x", "region": "us-east-1", "scopes": ["a", "b"]}',
    );
    expect(pythonJsonDumps({ tool: 'botocore', region: 'r', scopes: null }, { sortKeys: true })).toBe(
      '{"region": "r", "scopes": null, "tool": "botocore"}',
    );
    expect(pythonJsonDumps({ a: 'x', gone: undefined })).toBe('{"a": "x"}');
  });

  it.skipIf(!python).each(SAMPLES.map((sample, index) => [index, sample] as const))(
    'sample %i is byte for byte what Python json.dumps gives, sorted or not',
    (_index, sample) => {
      expect(pythonJsonDumps(sample)).toBe(pythonDumps(sample, false));
      expect(pythonJsonDumps(sample, { sortKeys: true })).toBe(pythonDumps(sample, true));
    },
  );
});
