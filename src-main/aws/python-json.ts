export type PythonJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue | undefined };

/**
 * JSON text exactly as Python's `json.dumps(value, sort_keys=…)` writes it with its defaults, which is
 * how botocore writes the SSO cache and how it hashes a client registration's cache key: `", "` and
 * `": "` as separators, non-ASCII escaped as `\uXXXX` (ensure_ascii), keys in insertion order or
 * sorted by code point. Undefined members are left out, as they would be absent from a Python dict.
 */
export function pythonJsonDumps(value: PythonJsonValue, options: { sortKeys?: boolean } = {}): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('JSON has no NaN or Infinity');
    return String(value);
  }
  if (typeof value === 'string') return pythonString(value);
  if (isArray(value)) return `[${value.map((item) => pythonJsonDumps(item, options)).join(', ')}]`;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  if (options.sortKeys) keys.sort(byCodePoint);
  const members = keys.map(
    (key) => `${pythonString(key)}: ${pythonJsonDumps(value[key] as PythonJsonValue, options)}`,
  );
  return `{${members.join(', ')}}`;
}

function isArray(value: PythonJsonValue): value is readonly PythonJsonValue[] {
  return Array.isArray(value);
}

/** Python sorts str by code point; JS's default sort compares UTF-16 units, which differs above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const left = [...a].map((char) => char.codePointAt(0) ?? 0);
  const right = [...b].map((char) => char.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return (left[i] as number) - (right[i] as number);
  }
  return left.length - right.length;
}

/** A string as Python's encoder writes it: JSON.stringify's escapes, then every non-ASCII unit as \uXXXX. */
function pythonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
