/**
 * JSON as Go's encoding/json writes and reads it, because both peers are Go programs and some of our
 * payloads are compared byte for byte (spec §11.3 "JSON byte-compatibility notes").
 */

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * json.Marshal: no whitespace, fields in declaration (insertion) order, and HTML-safe escaping of
 * <, > and & (plus U+2028/U+2029). Callers build objects in the Go struct's field order.
 */
export function goMarshal(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a field of an already decoded interface{} value (a plain object, e.g. a session's Properties)
 * the way Go's decoder fills a struct field: every key that matches the name case-insensitively is
 * applied in order, so the last one wins. Payloads themselves are decoded by go-json-unmarshal.ts.
 */
export function goField(object: JsonObject, name: string): unknown {
  const lower = name.toLowerCase();
  let value: unknown = undefined;
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) value = object[key];
  }
  return value;
}
