import { ProtocolError } from './codec/protocol-error.js';

/**
 * JSON text as Go's encoding/json reads it, before any Go type is involved: the syntax check every
 * json.Unmarshal starts with, and the values it then decodes from. Unlike JSON.parse, this keeps what
 * Go's typed decoding needs and JSON.parse loses:
 * - a number keeps its literal text ("2", "2.0" and "2e0" are one value to JSON.parse, but only the
 *   first fits a Go int64);
 * - an object keeps every key in order, duplicates included (Go applies each one in turn);
 * - strings are decoded as Go decodes them: each byte of invalid UTF-8 becomes U+FFFD (TextDecoder
 *   would replace whole sequences), and a lone surrogate escape (\ud800) becomes U+FFFD too.
 * It works on bytes and never recurses, so hostile nesting cannot overflow the stack; like Go it
 * refuses nesting deeper than 10000.
 */
export type GoJsonValue =
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, GoJsonValue]> }
  | { readonly kind: 'array'; readonly items: readonly GoJsonValue[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly literal: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' };

/** Go's maxNestingDepth (encoding/json scanner.go). */
export const GO_JSON_MAX_DEPTH = 10_000;

const NULL_VALUE: GoJsonValue = { kind: 'null' };
const TRUE_VALUE: GoJsonValue = { kind: 'bool', value: true };
const FALSE_VALUE: GoJsonValue = { kind: 'bool', value: false };

interface OpenObject {
  kind: 'object';
  entries: Array<readonly [string, GoJsonValue]>;
  key: string;
}
interface OpenArray {
  kind: 'array';
  items: GoJsonValue[];
}

/** Parses one JSON document; throws ProtocolError 'invalid-payload' where Go reports a SyntaxError. */
export function parseGoJson(input: Uint8Array | string): GoJsonValue {
  const bytes =
    typeof input === 'string'
      ? Buffer.from(input, 'utf8')
      : Buffer.isBuffer(input)
        ? input
        : Buffer.from(input.buffer, input.byteOffset, input.length);
  return new Parser(bytes).document();
}

class Parser {
  private pos = 0;
  /**
   * The bytes as latin1: one character per byte, so byte offsets index it directly. ASCII tokens are
   * sliced from it, which is far cheaper than one Buffer.toString per token (acks are parsed at tens
   * of thousands a second on a busy tunnel).
   */
  private readonly text: string;

  constructor(private readonly bytes: Buffer) {
    this.text = bytes.toString('latin1');
  }

  document(): GoJsonValue {
    const stack: Array<OpenObject | OpenArray> = [];
    let value: GoJsonValue | undefined;
    for (;;) {
      if (value === undefined) {
        // Expecting a value.
        this.skipWhitespace();
        const c = this.bytes[this.pos];
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          if (stack.length >= GO_JSON_MAX_DEPTH) throw this.error('exceeded max depth');
          this.pos++;
          this.skipWhitespace();
          if (c === 0x7b) {
            if (this.bytes[this.pos] === 0x7d /* } */) {
              this.pos++;
              value = { kind: 'object', entries: [] };
              continue;
            }
            stack.push({ kind: 'object', entries: [], key: this.objectKey() });
          } else {
            if (this.bytes[this.pos] === 0x5d /* ] */) {
              this.pos++;
              value = { kind: 'array', items: [] };
              continue;
            }
            stack.push({ kind: 'array', items: [] });
          }
          continue;
        }
        value = this.scalar();
      }
      // A value is complete: attach it to its container, or finish.
      const top = stack[stack.length - 1];
      if (!top) {
        this.skipWhitespace();
        if (this.pos !== this.bytes.length) throw this.error('invalid character after top-level value');
        return value;
      }
      if (top.kind === 'object') top.entries.push([top.key, value]);
      else top.items.push(value);
      value = undefined;
      this.skipWhitespace();
      const c = this.bytes[this.pos];
      if (c === 0x2c /* , */) {
        this.pos++;
        if (top.kind === 'object') {
          this.skipWhitespace();
          top.key = this.objectKey();
        }
        continue;
      }
      const close = top.kind === 'object' ? 0x7d : 0x5d;
      if (c !== close) throw this.error(`invalid character after ${top.kind} element`);
      this.pos++;
      stack.pop();
      value = top.kind === 'object' ? { kind: 'object', entries: top.entries } : top;
    }
  }

  /** `"key" :` — the position is at the opening quote. */
  private objectKey(): string {
    if (this.bytes[this.pos] !== 0x22) throw this.error('looking for beginning of object key string');
    const key = this.string();
    this.skipWhitespace();
    if (this.bytes[this.pos] !== 0x3a /* : */) throw this.error('after object key');
    this.pos++;
    return key;
  }

  private scalar(): GoJsonValue {
    const c = this.bytes[this.pos];
    if (c === 0x22) return { kind: 'string', value: this.string() };
    if (c === 0x2d /* - */ || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    if (this.literal('true')) return TRUE_VALUE;
    if (this.literal('false')) return FALSE_VALUE;
    if (this.literal('null')) return NULL_VALUE;
    throw this.error('looking for beginning of value');
  }

  private literal(word: string): boolean {
    for (let i = 0; i < word.length; i++) {
      if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    }
    this.pos += word.length;
    return true;
  }

  /** RFC 8259 number grammar, as Go's scanner checks it; the text is kept for typed decoding. */
  private number(): GoJsonValue {
    const start = this.pos;
    if (this.bytes[this.pos] === 0x2d) this.pos++;
    if (this.bytes[this.pos] === 0x30) this.pos++;
    else if (!this.digits()) throw this.error('in numeric literal');
    if (this.bytes[this.pos] === 0x2e /* . */) {
      this.pos++;
      if (!this.digits()) throw this.error('after decimal point in numeric literal');
    }
    const e = this.bytes[this.pos];
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.bytes[this.pos];
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      if (!this.digits()) throw this.error('in exponent of numeric literal');
    }
    return { kind: 'number', literal: this.text.slice(start, this.pos) };
  }

  private digits(): boolean {
    const start = this.pos;
    for (;;) {
      const c = this.bytes[this.pos];
      if (c === undefined || c < 0x30 || c > 0x39) break;
      this.pos++;
    }
    return this.pos > start;
  }

  /** A string token, decoded as Go's unquote does. The position is at the opening quote. */
  private string(): string {
    this.pos++;
    let out = '';
    let runStart = this.pos;
    let ascii = true;
    for (;;) {
      const c = this.bytes[this.pos];
      if (c === undefined) throw this.error('in string literal');
      if (c === 0x22 || c === 0x5c /* \ */) {
        out += ascii ? this.text.slice(runStart, this.pos) : decodeUtf8AsGo(this.bytes, runStart, this.pos);
        if (c === 0x22) {
          this.pos++;
          return out;
        }
        out += this.escape();
        runStart = this.pos;
        ascii = true;
        continue;
      }
      if (c < 0x20) throw this.error('in string literal');
      if (c >= 0x80) ascii = false;
      this.pos++;
    }
  }

  /** One escape sequence; the position is at the backslash. */
  private escape(): string {
    const c = this.bytes[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case 0x22:
        return '"';
      case 0x5c:
        return '\\';
      case 0x2f:
        return '/';
      case 0x62:
        return '\b';
      case 0x66:
        return '\f';
      case 0x6e:
        return '\n';
      case 0x72:
        return '\r';
      case 0x74:
        return '\t';
      case 0x75: {
        const unit = this.hex4(this.pos);
        this.pos += 4;
        if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
        // A surrogate: Go combines it with a following \u low surrogate, else writes U+FFFD (and the
        // next escape is read on its own).
        if (unit <= 0xdbff && this.bytes[this.pos] === 0x5c && this.bytes[this.pos + 1] === 0x75) {
          const low = this.hex4(this.pos + 2);
          if (low >= 0xdc00 && low <= 0xdfff) {
            this.pos += 6;
            return String.fromCharCode(unit, low);
          }
        }
        return '\ufffd';
      }
      default:
        throw this.error('in string escape code');
    }
  }

  private hex4(at: number): number {
    let value = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.bytes[at + i];
      let digit: number;
      if (c !== undefined && c >= 0x30 && c <= 0x39) digit = c - 0x30;
      else if (c !== undefined && c >= 0x61 && c <= 0x66) digit = c - 0x61 + 10;
      else if (c !== undefined && c >= 0x41 && c <= 0x46) digit = c - 0x41 + 10;
      else throw this.error('in \\u hexadecimal character escape');
      value = value * 16 + digit;
    }
    return value;
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.bytes[this.pos];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.pos++;
    }
  }

  private error(what: string): ProtocolError {
    const offset = Math.min(this.pos, this.bytes.length);
    const text =
      offset >= this.bytes.length
        ? 'unexpected end of JSON input'
        : `invalid JSON (${what}) at offset ${offset}`;
    return new ProtocolError('invalid-payload', text);
  }
}

/**
 * UTF-8 to a string the way Go's decoder repairs it (utf8.DecodeRune): a byte that does not start a
 * valid, shortest-form sequence becomes one U+FFFD and decoding goes on at the next byte.
 */
export function decodeUtf8AsGo(bytes: Buffer, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const length = sequenceLength(bytes, i, end);
    if (length === 0) {
      out += '\ufffd';
      i++;
      continue;
    }
    out += bytes.toString('utf8', i, i + length);
    i += length;
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 (Go's utf8 accept ranges). */
function sequenceLength(bytes: Buffer, i: number, end: number): number {
  const b0 = bytes[i] as number;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) length = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    if (b0 === 0xe0) low = 0xa0; // no overlong forms
    if (b0 === 0xed) high = 0x9f; // no surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    if (b0 === 0xf0) low = 0x90;
    if (b0 === 0xf4) high = 0x8f; // nothing above U+10FFFF
  } else return 0;
  if (i + length > end) return 0;
  const b1 = bytes[i + 1] as number;
  if (b1 < low || b1 > high) return 0;
  for (let k = 2; k < length; k++) {
    const b = bytes[i + k] as number;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return length;
}
