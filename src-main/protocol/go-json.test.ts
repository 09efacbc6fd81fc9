import { describe, expect, it } from 'vitest';
import { goField, goMarshal, isJsonObject } from './go-json.js';

describe('Go json.Marshal compatibility (§11.3 notes)', () => {
  it('writes no whitespace and keeps insertion (struct) order', () => {
    expect(goMarshal({ b: 1, a: [1, 2], c: { z: null, y: 'x' } })).toBe(
      '{"b":1,"a":[1,2],"c":{"z":null,"y":"x"}}',
    );
  });

  it('HTML-escapes <, > and & and escapes U+2028/U+2029', () => {
    expect(goMarshal({ Error: 'a<b>&c' })).toBe('{"Error":"a\\u003cb\\u003e\\u0026c"}');
    expect(goMarshal('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    // The escaped text still parses back to the original.
    expect(JSON.parse(goMarshal({ Error: 'a<b>&c\u2028' }))).toEqual({ Error: 'a<b>&c\u2028' });
  });

  it('writes the 100×100 Size payload of §11.3 vector 5', () => {
    expect(goMarshal({ cols: 100, rows: 100 })).toBe('{"cols":100,"rows":100}');
  });
});

describe('Go json decoding', () => {
  it('goField: keys match case-insensitively and the last match wins, as in Go', () => {
    expect(goField({ AgentVersion: 'a' }, 'AgentVersion')).toBe('a');
    expect(goField({ agentversion: 'b' }, 'AgentVersion')).toBe('b');
    expect(goField({ AGENTVERSION: 'c' }, 'AgentVersion')).toBe('c');
    expect(goField({ agentversion: 'd', AgentVersion: 'e' }, 'AgentVersion')).toBe('e');
    expect(goField({ AgentVersion: 'e', agentversion: 'd' }, 'AgentVersion')).toBe('d');
    expect(goField({ Other: 1 }, 'AgentVersion')).toBeUndefined();
  });

  it('goField ignores inherited properties', () => {
    expect(goField({}, 'toString')).toBeUndefined();
    expect(goField({}, 'constructor')).toBeUndefined();
  });

  it('isJsonObject', () => {
    expect(isJsonObject({})).toBe(true);
    expect(isJsonObject([])).toBe(false);
    expect(isJsonObject(null)).toBe(false);
    expect(isJsonObject('x')).toBe(false);
  });
});
