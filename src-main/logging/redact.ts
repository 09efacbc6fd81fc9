/**
 * Redaction for everything that goes into the log file. Two layers: a structural walk over objects
 * (any value under a sensitive key is replaced, whatever its type: strings, Buffers, nested objects),
 * then a textual pass over the final line for the forms secrets take inside strings (JSON fields, XML
 * elements, HTTP headers, query parameters, env assignments, bearer tokens, long base64 blobs).
 */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets (compared case-insensitively, ignoring `-` and `_`). */
const SENSITIVE_KEY =
  /^(tokenvalue|token|accesstoken|refreshtoken|idtoken|bearertoken|ssobearertoken|xamzssobearertoken|sessiontoken|securitytoken|xamzsecuritytoken|awssessiontoken|awssecuritytoken|secretaccesskey|awssecretaccesskey|secretkey|secret|clientsecret|devicecode|password|passphrase|authorization|proxyauthorization|plaintext|privatekey|credentials|rolecredentials|xamzsignature|signature|mfacode|tokencode)$/;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** A deep copy of `value` with every sensitive field replaced by [REDACTED]. Handles cycles. */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null && item !== ''
        ? REDACTED
        : redactValue(item, seen);
  }
  return out;
}

const KEY_NAMES =
  'TokenValue|Token|AccessToken|RefreshToken|IdToken|SessionToken|SecurityToken|SecretAccessKey|SecretKey|ClientSecret|Secret|Password|Plaintext|PrivateKey|aws_secret_access_key|aws_session_token|aws_security_token|accessToken|refreshToken|sessionToken|secretAccessKey|clientSecret|deviceCode|x-amz-security-token|x-amz-sso_bearer_token|Authorization|Proxy-Authorization|X-Amz-Signature|X-Amz-Credential';

const TEXT_RULES: ReadonlyArray<[RegExp, string]> = [
  // JSON: "TokenValue": "…" (also escaped quotes inside a JSON string: \"TokenValue\":\"…\")
  [
    new RegExp(`((?:\\\\?")(?:${KEY_NAMES})(?:\\\\?")\\s*:\\s*\\\\?")(?:[^"\\\\]|\\\\(?!"))*(\\\\?")`, 'gi'),
    `$1${REDACTED}$2`,
  ],
  // JS object literal / util.inspect: TokenValue: 'abc'
  [new RegExp(`(\\b(?:${KEY_NAMES})\\s*:\\s*')[^']*(')`, 'gi'), `$1${REDACTED}$2`],
  // XML: <SecretAccessKey>…</SecretAccessKey>
  [new RegExp(`(<(${KEY_NAMES})>)[^<]*(</\\2>)`, 'gi'), `$1${REDACTED}$3`],
  // Query parameters: ?token=…, &X-Amz-Security-Token=…
  [
    new RegExp(
      `([?&;](?:[\\w.-]*token[\\w.-]*|X-Amz-Signature|X-Amz-Credential|secret[\\w.-]*|password)=)[^&\\s"'#]*`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // Headers and ini/env assignments: Authorization: …, x-amz-security-token: …, AWS_SECRET_ACCESS_KEY=…
  [
    new RegExp(
      `(\\b(?:${KEY_NAMES}|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_SECURITY_TOKEN)\\b\\s*[:=]\\s*)(?!\\[REDACTED\\])(?!["'{\\[])[^\\s,;"'}&]+(?:[ ](?:Credential|SignedHeaders|Signature)=[^\\s"']+)*`,
      'gi',
    ),
    `$1${REDACTED}`,
  ],
  // Bearer tokens anywhere
  [/(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g, `$1${REDACTED}`],
  // SigV4 signatures and credentials inside an Authorization value that escaped the rules above
  [/(\bSignature=)[0-9a-f]{64}/gi, `$1${REDACTED}`],
  // AWS secret access keys: 40 base64 characters standing alone
  [/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, REDACTED],
  // Session tokens and other long opaque blobs: 80+ base64/url-safe characters
  [/[A-Za-z0-9/+_-]{80,}={0,2}/g, REDACTED],
];

/** Redacts secrets inside free text. Idempotent: redacting twice gives the same text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** One log line from mixed arguments (strings, errors, objects), redacted. */
export function formatRedacted(parts: readonly unknown[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return redactText(part);
      const value = redactValue(part);
      if (typeof value === 'string') return value;
      try {
        return redactText(JSON.stringify(value) ?? String(value));
      } catch {
        return '[unserializable]';
      }
    })
    .join(' ');
}
