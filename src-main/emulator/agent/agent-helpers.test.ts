import { describe, expect, it } from 'vitest';
import { compareVersions } from './agent-version-compare.js';
import { NonceCounter } from './nonce-counter.js';
import { splitShellWords } from './shell-words.js';
import { splitIncompleteUtf8Tail } from './utf8-carry.js';

describe('UTF-8 carry-over', () => {
  it('holds back an incomplete multi-byte sequence and keeps complete ones', () => {
    const euro = Buffer.from('€'); // e2 82 ac
    expect(splitIncompleteUtf8Tail(Buffer.concat([Buffer.from('ab'), euro.subarray(0, 2)]))).toEqual({
      complete: Buffer.from('ab'),
      carry: euro.subarray(0, 2),
    });
    expect(splitIncompleteUtf8Tail(Buffer.concat([Buffer.from('ab'), euro])).carry.length).toBe(0);
    const emoji = Buffer.from('😀');
    expect(splitIncompleteUtf8Tail(emoji.subarray(0, 3)).carry).toEqual(emoji.subarray(0, 3));
    expect(splitIncompleteUtf8Tail(Buffer.from('plain')).complete).toEqual(Buffer.from('plain'));
  });
});

describe('shell-style words', () => {
  it('splits on whitespace with quotes and escapes, and rejects an unterminated quote', () => {
    expect(splitShellWords(`sh -c 'echo out; echo "err" >&2; exit 3'`)).toEqual([
      'sh',
      '-c',
      'echo out; echo "err" >&2; exit 3',
    ]);
    expect(splitShellWords(`a\\ b "c \\"d\\"" ''`)).toEqual(['a b', 'c "d"', '']);
    expect(splitShellWords(`echo 'oops`)).toBeUndefined();
  });
});

describe('agent nonce counter', () => {
  it('counts as a 96-bit little-endian integer with carry', () => {
    const start = Buffer.alloc(12);
    start.writeUInt32LE(0xffffffff, 0);
    const counter = new NonceCounter(start);
    expect(counter.next().toString('hex')).toBe('ffffffff0000000000000000');
    expect(counter.next().toString('hex')).toBe('000000000100000000000000');
  });
});

describe('agent version comparison (lenient, unlike the client)', () => {
  it('compares numerically with missing parts as zero', () => {
    expect(compareVersions('1.2.295', '1.2.295.0')).toBe(0);
    expect(compareVersions('1.3.0.0', '1.2.331.0')).toBe(1);
    expect(compareVersions('1.1.69', '1.1.70')).toBe(-1);
  });
});
