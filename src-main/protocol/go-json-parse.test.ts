import { describe, expect, it } from 'vitest';
import { ProtocolError } from './codec/protocol-error.js';
import { GO_JSON_MAX_DEPTH, decodeUtf8AsGo, parseGoJson, type GoJsonValue } from './go-json-parse.js';
import { goDecode, goInterface } from './go-json-unmarshal.js';

const plain = (value: GoJsonValue): unknown => goDecode(value, goInterface).value;

function syntaxError(input: string | Uint8Array): boolean {
  try {
    parseGoJson(input);
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('invalid-payload');
    return true;
  }
}

describe('parseGoJson: the syntax Go accepts', () => {
  it('reads every kind of value and keeps number literals as written', () => {
    expect(parseGoJson(' {"a" : [1, -0.5e+3, "s", true, false, null, {}, []] } ')).toEqual({
      kind: 'object',
      entries: [
        [
          'a',
          {
            kind: 'array',
            items: [
              { kind: 'number', literal: '1' },
              { kind: 'number', literal: '-0.5e+3' },
              { kind: 'string', value: 's' },
              { kind: 'bool', value: true },
              { kind: 'bool', value: false },
              { kind: 'null' },
              { kind: 'object', entries: [] },
              { kind: 'array', items: [] },
            ],
          },
        ],
      ],
    });
  });

  it('keeps repeated keys in order (Go applies each in turn)', () => {
    expect(parseGoJson('{"k":1,"K":2,"k":3}')).toEqual({
      kind: 'object',
      entries: [
        ['k', { kind: 'number', literal: '1' }],
        ['K', { kind: 'number', literal: '2' }],
        ['k', { kind: 'number', literal: '3' }],
      ],
    });
  });

  it('rejects what RFC 8259 (and Go) reject', () => {
    for (const bad of [
      '',
      ' ',
      '{',
      '}',
      '[1,]',
      '{"a":1,}',
      '{"a" 1}',
      '{a:1}',
      "{'a':1}",
      '01',
      '1.',
      '.5',
      '1e',
      '1e+',
      '-',
      '+1',
      'tru',
      'nul',
      'True',
      '"\\x"',
      '"\\u12"',
      '"\\u12g4"',
      '"a\tb"',
      '"open',
      '[1 2]',
      '{"a":1 "b":2}',
      '1 2',
      '\ufeff{}',
      'NaN',
      'Infinity',
    ]) {
      expect(syntaxError(bad), JSON.stringify(bad)).toBe(true);
    }
  });

  it('agrees with JSON.parse on validity and value for thousands of random inputs', () => {
    // A small deterministic generator (no Math.random, so a failure reproduces).
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"\\n"',
      '"\\u00e9"',
      '1',
      '-2.5',
      '0',
      'e3',
      'true',
      'null',
      ' ',
      '"',
      '\\',
    ];
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const length = 1 + next(10);
      for (let j = 0; j < length; j++) text += atoms[next(atoms.length)];
      let expected: unknown;
      let valid = true;
      try {
        expected = JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(syntaxError(text), text).toBe(!valid);
      if (valid) expect(plain(parseGoJson(text)), text).toEqual(expected);
    }
  });

  it('does not recurse: nesting up to 10000 deep parses, deeper is refused as Go refuses it', () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    expect(parseGoJson(deep(GO_JSON_MAX_DEPTH)).kind).toBe('array');
    expect(syntaxError(deep(GO_JSON_MAX_DEPTH + 1))).toBe(true);
    expect(syntaxError('{"a":'.repeat(200_000))).toBe(true);
  });

  it('reports the end of input and the offset of a bad character', () => {
    expect(() => parseGoJson('{"a":')).toThrow('unexpected end of JSON input');
    expect(() => parseGoJson('{"a":x}')).toThrow('offset 5');
  });
});

describe('parseGoJson: strings decoded as Go decodes them', () => {
  it('decodes the escapes, and a surrogate pair escape to one character', () => {
    const text = '"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00"';
    expect(parseGoJson(text)).toEqual({ kind: 'string', value: JSON.parse(text) as string });
  });

  it('turns a lone or reversed surrogate escape into U+FFFD (JSON.parse would keep it)', () => {
    expect(parseGoJson('"\\ud800"')).toEqual({ kind: 'string', value: '\ufffd' });
    expect(parseGoJson('"\\udc00x"')).toEqual({ kind: 'string', value: '\ufffdx' });
    expect(parseGoJson('"\\ud800\\u0041"')).toEqual({ kind: 'string', value: '\ufffdA' });
    expect(parseGoJson('"\\ud800\\ud800\\udc00"')).toEqual({ kind: 'string', value: '\ufffd\ud800\udc00' });
  });

  it('keeps valid UTF-8 and replaces each byte of invalid UTF-8 with U+FFFD', () => {
    const bytes = (...parts: Array<string | number[]>): Buffer =>
      Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    expect(parseGoJson(bytes('"é€😀"'))).toEqual({ kind: 'string', value: 'é€😀' });
    // A truncated 3-byte sequence: TextDecoder gives one U+FFFD, Go one per byte.
    expect(parseGoJson(bytes('"', [0xe2, 0x82], 'a"'))).toEqual({ kind: 'string', value: '\ufffd\ufffda' });
    expect(parseGoJson(bytes('"', [0xff, 0xc0, 0xaf], '"'))).toEqual({
      kind: 'string',
      value: '\ufffd\ufffd\ufffd',
    });
  });

  it('decodeUtf8AsGo: shortest forms only, no surrogates, nothing above U+10FFFF', () => {
    const decode = (bytes: number[]): string => decodeUtf8AsGo(Buffer.from(bytes), 0, bytes.length);
    expect(decode([0xc3, 0xa9])).toBe('é');
    expect(decode([0xc1, 0x81])).toBe('\ufffd\ufffd'); // overlong 'A'
    expect(decode([0xe0, 0x80, 0x80])).toBe('\ufffd\ufffd\ufffd'); // overlong
    expect(decode([0xed, 0xa0, 0x80])).toBe('\ufffd\ufffd\ufffd'); // encoded surrogate
    expect(decode([0xf4, 0x90, 0x80, 0x80])).toBe('\ufffd\ufffd\ufffd\ufffd'); // above U+10FFFF
    expect(decode([0xf0, 0x9f, 0x98, 0x80])).toBe('😀');
    expect(decode([0xf0, 0x9f, 0x98])).toBe('\ufffd\ufffd\ufffd'); // truncated at the end
    expect(decode([0xe2, 0x41, 0x82])).toBe('\ufffdA\ufffd');
    expect(decode([0x61, 0xf0, 0x9f, 0x41, 0x98])).toBe('a\ufffd\ufffdA\ufffd');
  });

  it('rejects control characters and invalid bytes outside strings', () => {
    expect(syntaxError(Buffer.from([0x22, 0x01, 0x22]))).toBe(true);
    expect(syntaxError(Buffer.from([0x7b, 0xff, 0x7d]))).toBe(true);
  });
});
