import { ProtocolError } from './codec/protocol-error.js';
import { parseGoJson, type GoJsonValue } from './go-json-parse.js';

/**
 * json.Unmarshal into a Go struct, with the semantics both peers (Go programs) rely on:
 * - a missing field keeps its zero value; unknown keys are ignored;
 * - keys match field names exactly or case-insensitively (with Go's two non-ASCII folds, ſ→S and
 *   K→K), and when several keys match, each is applied in turn, so the last one wins;
 * - JSON null leaves a string, number, bool or struct field as it was, and sets a slice or an
 *   interface{} to nil;
 * - a value of the wrong type (a string for an int, 1.5 or 1e3 for an int, an object for a string, …)
 *   is skipped, the other fields are still decoded, and the first such error is reported at the end.
 *   Whether that error matters is the caller's decision, as in Go: the client ignores it for
 *   channel_closed and the handshake action parameters, and rejects the message for acks and the
 *   handshake payloads;
 * - a syntax error decodes nothing.
 */

/** A Go type a JSON value can be decoded into. */
export interface GoType<T> {
  /** Go's name for the type, used in error texts as Go words them. */
  readonly goName: string;
  zero(): T;
  /** Decodes `value` on top of `current` (Go decodes into the existing value); errors go to `errors`. */
  decode(value: GoJsonValue, current: T, errors: GoDecodeErrors, field: string): T;
}

export class GoDecodeErrors {
  first: ProtocolError | undefined;

  typeMismatch(value: GoJsonValue, field: string, goName: string): void {
    this.add(`json: cannot unmarshal ${describe(value)} into Go struct field ${field} of type ${goName}`);
  }

  add(text: string): void {
    this.first ??= new ProtocolError('invalid-payload', text);
  }
}

export interface GoDecoded<T> {
  value: T;
  /** The error json.Unmarshal returns (the first one), or undefined. */
  error: ProtocolError | undefined;
}

/** json.Unmarshal(payload, &v) where v starts as the zero value of `type`. */
export function goUnmarshal<T>(payload: Uint8Array | string, type: GoType<T>): GoDecoded<T> {
  let root: GoJsonValue;
  try {
    root = parseGoJson(payload);
  } catch (error) {
    return { value: type.zero(), error: error as ProtocolError };
  }
  return goDecode(root, type);
}

/** Decodes an already parsed value, e.g. a json.RawMessage field, as json.Unmarshal would. */
export function goDecode<T>(value: GoJsonValue, type: GoType<T>): GoDecoded<T> {
  const errors = new GoDecodeErrors();
  return { value: type.decode(value, type.zero(), errors, type.goName), error: errors.first };
}

/** json.Unmarshal where any error rejects the message (acks, handshake payloads). */
export function goUnmarshalStrict<T>(payload: Uint8Array | string, type: GoType<T>): T {
  const { value, error } = goUnmarshal(payload, type);
  if (error) throw error;
  return value;
}

function describe(value: GoJsonValue): string {
  switch (value.kind) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'string':
      return 'string';
    case 'number':
      return `number ${value.literal}`;
    case 'bool':
      return 'bool';
    case 'null':
      return 'null';
  }
}

export const goString: GoType<string> = {
  goName: 'string',
  zero: () => '',
  decode(value, current, errors, field) {
    if (value.kind === 'string') return value.value;
    if (value.kind !== 'null') errors.typeMismatch(value, field, 'string');
    return current;
  },
};

export const goBool: GoType<boolean> = {
  goName: 'bool',
  zero: () => false,
  decode(value, current, errors, field) {
    if (value.kind === 'bool') return value.value;
    if (value.kind !== 'null') errors.typeMismatch(value, field, 'bool');
    return current;
  },
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A Go int64 (also int on 64-bit platforms and time.Duration): only an integer literal in range, as
 * strconv.ParseInt takes it. Values beyond 2^53 keep their magnitude but not every digit; no sequence
 * number or duration we compare gets near that.
 */
function goIntType(goName: string): GoType<number> {
  return {
    goName,
    zero: () => 0,
    decode(value, current, errors, field) {
      if (value.kind === 'number') {
        const integer = parseInt64(value.literal);
        if (integer !== undefined) return integer;
      }
      if (value.kind !== 'null') errors.typeMismatch(value, field, goName);
      return current;
    },
  };
}

/** strconv.ParseInt(literal, 10, 64), or undefined. The JSON grammar already excludes "+1" and "01". */
function parseInt64(literal: string): number | undefined {
  const digitsFrom = literal.charCodeAt(0) === 0x2d ? 1 : 0;
  for (let i = digitsFrom; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  // Up to 15 digits is exact as a double and far inside int64: the common case, without BigInt.
  if (literal.length - digitsFrom <= 15) return Number(literal) + 0;
  const big = BigInt(literal);
  return big >= INT64_MIN && big <= INT64_MAX ? Number(big) : undefined;
}

export const goInt64 = goIntType('int64');
export const goInt = goIntType('int');

/**
 * A Go []byte: a base64 string (StdEncoding: padding required, CR and LF ignored), or null for nil.
 * Bad base64 is an error like a type mismatch: the field is skipped.
 */
export const goBytes: GoType<Buffer | null> = {
  goName: '[]uint8',
  zero: () => null,
  decode(value, current, errors, field) {
    if (value.kind === 'null') return null;
    if (value.kind !== 'string') {
      errors.typeMismatch(value, field, '[]uint8');
      return current;
    }
    const text = value.value.replace(/[\r\n]/g, '');
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
      errors.add(`illegal base64 data in ${field}`);
      return current;
    }
    return Buffer.from(text, 'base64');
  },
};

/** json.RawMessage: any value, kept undecoded (null included, as Go keeps the text "null"). */
export const goRawMessage: GoType<GoJsonValue> = {
  goName: 'json.RawMessage',
  zero: () => ({ kind: 'null' }),
  decode: (value) => value,
};

/**
 * interface{}: objects become plain objects (a repeated key keeps its last value, as in a Go map),
 * numbers float64. A number float64 cannot hold (1e400) is an error, as Go's ParseFloat makes it.
 */
export const goInterface: GoType<unknown> = {
  goName: 'interface {}',
  zero: () => null,
  decode(value, current, errors, field) {
    const converted = toPlain(value);
    if (converted === OUT_OF_RANGE) {
      errors.typeMismatch(value, field, 'float64');
      return current;
    }
    return converted;
  },
};

const OUT_OF_RANGE = Symbol('out of range');

function toPlain(value: GoJsonValue): unknown {
  switch (value.kind) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, item] of value.entries) {
        const converted = toPlain(item);
        if (converted === OUT_OF_RANGE) return OUT_OF_RANGE;
        // defineProperty: a "__proto__" key is data, not the prototype.
        Object.defineProperty(object, key, {
          value: converted,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
    case 'array': {
      const items: unknown[] = [];
      for (const item of value.items) {
        const converted = toPlain(item);
        if (converted === OUT_OF_RANGE) return OUT_OF_RANGE;
        items.push(converted);
      }
      return items;
    }
    case 'number': {
      const number = Number(value.literal);
      return Number.isFinite(number) ? number : OUT_OF_RANGE;
    }
    case 'string':
    case 'bool':
      return value.value;
    case 'null':
      return null;
  }
}

/** A Go slice: null (and the zero value) is nil; elements decode on top of what was there. */
export function goSlice<T>(element: GoType<T>): GoType<T[] | null> {
  return {
    goName: `[]${element.goName}`,
    zero: () => null,
    decode(value, current, errors, field) {
      if (value.kind === 'null') return null;
      if (value.kind !== 'array') {
        errors.typeMismatch(value, field, `[]${element.goName}`);
        return current;
      }
      return value.items.map((item, index) =>
        element.decode(item, current?.[index] ?? element.zero(), errors, field),
      );
    },
  };
}

type Fields = Record<string, GoType<unknown>>;
export type GoStructValue<F extends Fields> = { [K in keyof F]: F[K] extends GoType<infer T> ? T : never };

/**
 * A Go struct with these JSON field names (the struct tags). Its TypeScript value uses the same
 * names, so what a caller reads is visibly the Go field.
 */
export function goStruct<F extends Fields>(goName: string, fields: F): GoType<GoStructValue<F>> {
  interface Field {
    name: string;
    type: GoType<unknown>;
    /** "Struct.Field", as Go names a field in its errors. */
    path: string;
  }
  const list: Field[] = Object.entries(fields).map(([name, type]) => ({
    name,
    type,
    path: `${goName}.${name}`,
  }));
  const byExact = new Map<string, Field>(list.map((f) => [f.name, f]));
  const byFolded = new Map<string, Field>(list.map((f) => [foldName(f.name), f]));
  const zero = (): GoStructValue<F> => {
    const value: Record<string, unknown> = {};
    for (const field of list) value[field.name] = field.type.zero();
    return value as GoStructValue<F>;
  };
  return {
    goName,
    zero,
    decode(value, current, errors, path) {
      if (value.kind === 'null') return current;
      if (value.kind !== 'object') {
        errors.typeMismatch(value, path, goName);
        return current;
      }
      const result: Record<string, unknown> = { ...current };
      for (const [key, item] of value.entries) {
        // Exact names first: the usual case, without folding the key.
        const field = byExact.get(key) ?? byFolded.get(foldName(key));
        if (field) result[field.name] = field.type.decode(item, result[field.name], errors, field.path);
      }
      return result as GoStructValue<F>;
    },
  };
}

/**
 * Go's case folding of a key: ASCII letters case-insensitively, plus the two non-ASCII runes that
 * fold to ASCII letters (ſ U+017F with S, the Kelvin sign U+212A with K). No other non-ASCII rune can
 * match our ASCII field names, so the rest of Unicode folding is not needed.
 */
function foldName(name: string): string {
  // Not String.toUpperCase: it also maps ß to SS and ı to I, which Go does not match.
  return name.replace(/[a-z\u017f\u212a]/g, (c) =>
    c === '\u017f' ? 'S' : c === '\u212a' ? 'K' : String.fromCharCode(c.charCodeAt(0) - 32),
  );
}
