/**
 * Go's encoding/json error texts for a StartSession response that does not decode, because the drop-in
 * plugin prints them as the Go plugin does: `Cannot perform start session: invalid character 'W'
 * looking for beginning of value` (spec §9, §11.1). Only the messages json.Unmarshal can produce for
 * our inputs are reproduced: syntax errors from Go's scanner, and type mismatches for the response.
 */

const GO_TYPE = 'ssm.StartSessionOutput';
const STRING_FIELDS = ['SessionId', 'StreamUrl', 'TokenValue'] as const;

/** Go's quoteChar: 'x', with \' for a quote and Go escapes for non-printables. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) {
    const named: Record<number, string> = {
      7: '\\a',
      8: '\\b',
      9: '\\t',
      10: '\\n',
      11: '\\v',
      12: '\\f',
      13: '\\r',
    };
    return `'${named[code] ?? `\\x${code.toString(16).padStart(2, '0')}`}'`;
  }
  return `'${c}'`;
}

class SyntaxFailure extends Error {}

/** A small scanner with Go's states, used only to name the first syntax error as Go would. */
function goSyntaxError(text: string): string | undefined {
  let i = 0;
  const fail = (context: string): never => {
    if (i >= text.length) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(
      `invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i) ?? 0))} ${context}`,
    );
  };
  const space = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('in string literal');
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail('in string literal');
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          fail('in string escape code');
        }
      }
      i++;
    }
  };
  const digits = (): number => {
    const start = i;
    while (/[0-9]/.test(text[i] ?? '')) i++;
    return i - start;
  };
  const number = (): void => {
    if (text[i] === '-') {
      i++;
      if (!/[0-9]/.test(text[i] ?? '')) fail('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      if (digits() === 0) fail('after decimal point in numeric literal');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (digits() === 0) fail('in exponent of numeric literal');
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('looking for beginning of object key string');
        string();
        space();
        if (text[i] !== ':') fail('after object key');
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('after array element');
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c ?? '')) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    fail('looking for beginning of value');
  };
  try {
    value();
    space();
    if (i < text.length) fail('after top-level value');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxFailure) return error.message;
    throw error;
  }
}

function goKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

export interface StartSessionResponse {
  SessionId: string;
  TokenValue: string;
  StreamUrl: string;
}

/** json.Unmarshal into ssm.StartSessionOutput: the value, or Go's error text. */
export function decodeStartSessionResponse(
  text: string,
): { ok: true; value: StartSessionResponse } | { ok: false; error: string } {
  const syntax = goSyntaxError(text);
  if (syntax) return { ok: false, error: syntax };
  const parsed: unknown = JSON.parse(text);
  if (parsed === null) return { ok: true, value: { SessionId: '', TokenValue: '', StreamUrl: '' } };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, error: `json: cannot unmarshal ${goKind(parsed)} into Go value of type ${GO_TYPE}` };
  }
  const result: StartSessionResponse = { SessionId: '', TokenValue: '', StreamUrl: '' };
  for (const [key, fieldValue] of Object.entries(parsed as Record<string, unknown>)) {
    // Go matches keys case-insensitively; unknown keys are ignored.
    const field = STRING_FIELDS.find((name) => name.toLowerCase() === key.toLowerCase());
    if (!field || fieldValue === null) continue;
    if (typeof fieldValue !== 'string') {
      return {
        ok: false,
        error: `json: cannot unmarshal ${goKind(fieldValue)} into Go struct field StartSessionOutput.${field} of type string`,
      };
    }
    result[field] = fieldValue;
  }
  return { ok: true, value: result };
}
