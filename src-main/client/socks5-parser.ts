/**
 * The SOCKS5 handshake (RFC 1928) as pure functions over the bytes received so far, so that every
 * malformed, unsupported or truncated input can be tested without a socket. The server
 * (socks5-server.ts) feeds them and acts on what they say.
 */

export const SOCKS_VERSION = 5;
export const METHOD_NO_AUTH = 0x00;
export const METHOD_NONE_ACCEPTABLE = 0xff;
export const COMMAND_CONNECT = 1;
export const ADDRESS_IPV4 = 1;
export const ADDRESS_DOMAIN = 3;
export const ADDRESS_IPV6 = 4;

/** Reply codes (RFC 1928 §6) the server sends. */
export const Reply = {
  succeeded: 0,
  generalFailure: 1,
  commandNotSupported: 7,
  addressTypeNotSupported: 8,
} as const;
export type ReplyCode = (typeof Reply)[keyof typeof Reply];

/** What the client's greeting (VER NMETHODS METHODS…) says, from the bytes so far. */
export type GreetingParse =
  /** More bytes are needed. */
  | { kind: 'incomplete' }
  /** Not SOCKS5: close without a reply (a SOCKS4 or HTTP client, or noise). */
  | { kind: 'invalid'; reason: string }
  | { kind: 'greeting'; methods: number[]; consumed: number };

export function parseGreeting(bytes: Uint8Array): GreetingParse {
  if (bytes.length < 1) return { kind: 'incomplete' };
  if (bytes[0] !== SOCKS_VERSION) return { kind: 'invalid', reason: `version ${bytes[0]} is not SOCKS5` };
  if (bytes.length < 2) return { kind: 'incomplete' };
  const count = bytes[1] ?? 0;
  if (bytes.length < 2 + count) return { kind: 'incomplete' };
  return { kind: 'greeting', methods: [...bytes.subarray(2, 2 + count)], consumed: 2 + count };
}

/** The method reply: no authentication when offered, else "no acceptable methods" (then close). */
export function methodReply(methods: readonly number[]): Uint8Array {
  return Uint8Array.of(
    SOCKS_VERSION,
    methods.includes(METHOD_NO_AUTH) ? METHOD_NO_AUTH : METHOD_NONE_ACCEPTABLE,
  );
}

/** What the client's request (VER CMD RSV ATYP DST.ADDR DST.PORT) says, from the bytes so far. */
export type RequestParse =
  | { kind: 'incomplete' }
  /** Not a SOCKS5 request, or an address that cannot be used: close (after a general-failure reply). */
  | { kind: 'invalid'; reason: string; reply?: ReplyCode }
  /** An address type this server does not know: its length is unknown, so reply 8 and close. */
  | { kind: 'unsupported-address'; addressType: number }
  /** A complete request for BIND or UDP ASSOCIATE: reply 7 and close. */
  | { kind: 'unsupported-command'; command: number; consumed: number }
  | { kind: 'connect'; host: string; port: number; consumed: number };

export function parseRequest(bytes: Uint8Array): RequestParse {
  if (bytes.length < 1) return { kind: 'incomplete' };
  if (bytes[0] !== SOCKS_VERSION) return { kind: 'invalid', reason: `version ${bytes[0]} is not SOCKS5` };
  if (bytes.length < 4) return { kind: 'incomplete' };
  const command = bytes[1] ?? 0;
  const addressType = bytes[3] ?? 0;
  let host: string;
  let portAt: number;
  switch (addressType) {
    case ADDRESS_IPV4:
      portAt = 4 + 4;
      if (bytes.length < portAt + 2) return { kind: 'incomplete' };
      host = [...bytes.subarray(4, 8)].join('.');
      break;
    case ADDRESS_DOMAIN: {
      if (bytes.length < 5) return { kind: 'incomplete' };
      const length = bytes[4] ?? 0;
      portAt = 5 + length;
      if (bytes.length < portAt + 2) return { kind: 'incomplete' };
      host = Buffer.from(bytes.subarray(5, portAt)).toString('utf8');
      if (length === 0) return { kind: 'invalid', reason: 'empty domain name', reply: Reply.generalFailure };
      break;
    }
    case ADDRESS_IPV6:
      portAt = 4 + 16;
      if (bytes.length < portAt + 2) return { kind: 'incomplete' };
      host = ipv6Text(bytes.subarray(4, 20));
      break;
    default:
      return { kind: 'unsupported-address', addressType };
  }
  const port = ((bytes[portAt] ?? 0) << 8) | (bytes[portAt + 1] ?? 0);
  const consumed = portAt + 2;
  if (command !== COMMAND_CONNECT) return { kind: 'unsupported-command', command, consumed };
  if (port === 0) return { kind: 'invalid', reason: 'destination port 0', reply: Reply.generalFailure };
  return { kind: 'connect', host, port, consumed };
}

/** A reply with the bound address left zero (0.0.0.0:0), as clients do not use it for CONNECT. */
export function replyBytes(code: ReplyCode): Uint8Array {
  return Uint8Array.of(SOCKS_VERSION, code, 0, ADDRESS_IPV4, 0, 0, 0, 0, 0, 0);
}

/** RFC 5952 text of a 16-byte address: lower case, the longest run of zero groups as `::`. */
function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
