import { describe, expect, it } from 'vitest';
import { methodReply, parseGreeting, parseRequest, replyBytes, Reply } from './socks5-parser.js';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
/** VER CMD RSV ATYP=3 LEN name PORT */
const domainRequest = (name: string, port: number, command = 1): Uint8Array =>
  bytes(5, command, 0, 3, name.length, ...Buffer.from(name), port >> 8, port & 0xff);

describe('SOCKS5 greeting', () => {
  it('waits for the whole greeting, then names the methods and what it used', () => {
    expect(parseGreeting(bytes())).toEqual({ kind: 'incomplete' });
    expect(parseGreeting(bytes(5))).toEqual({ kind: 'incomplete' });
    expect(parseGreeting(bytes(5, 2, 0))).toEqual({ kind: 'incomplete' });
    expect(parseGreeting(bytes(5, 2, 0, 2, 5, 1))).toEqual({
      kind: 'greeting',
      methods: [0, 2],
      consumed: 4,
    });
  });

  it('rejects what is not SOCKS5 at the first byte (a SOCKS4 or HTTP client)', () => {
    expect(parseGreeting(bytes(4, 1, 0, 80))).toMatchObject({ kind: 'invalid' });
    expect(parseGreeting(Buffer.from('GET / HTTP/1.1\r\n'))).toMatchObject({ kind: 'invalid' });
  });

  it('accepts no authentication only; zero methods or others get "no acceptable methods"', () => {
    expect(methodReply([2, 0])).toEqual(bytes(5, 0));
    expect(methodReply([2])).toEqual(bytes(5, 0xff));
    const none = parseGreeting(bytes(5, 0));
    expect(none).toEqual({ kind: 'greeting', methods: [], consumed: 2 });
    expect(methodReply([])).toEqual(bytes(5, 0xff));
  });
});

describe('SOCKS5 request', () => {
  it('reads CONNECT to IPv4, a domain and IPv6 (RFC 5952 text), leaving what follows', () => {
    expect(parseRequest(bytes(5, 1, 0, 1, 10, 0, 0, 5, 0x15, 0x38, 0xaa))).toEqual({
      kind: 'connect',
      host: '10.0.0.5',
      port: 5432,
      consumed: 10,
    });
    expect(parseRequest(domainRequest('db.internal', 443))).toEqual({
      kind: 'connect',
      host: 'db.internal',
      port: 443,
      consumed: 7 + 'db.internal'.length,
    });
    const v6 = bytes(5, 1, 0, 4, 0xfd, 0, ...new Array<number>(13).fill(0), 1, 0, 80);
    expect(parseRequest(v6)).toMatchObject({ kind: 'connect', host: 'fd00::1', port: 80, consumed: 22 });
    const full = bytes(5, 1, 0, 4, 0x20, 1, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 22);
    expect(parseRequest(full)).toMatchObject({ host: '2001:db8:1:2:3:4:5:6', port: 22 });
  });

  it('waits on every truncation, whatever the address type', () => {
    const whole = [
      bytes(5, 1, 0, 1, 10, 0, 0, 5, 0x15, 0x38),
      domainRequest('example.com', 80),
      bytes(5, 1, 0, 4, ...new Array<number>(15).fill(0), 1, 0, 80),
    ];
    for (const request of whole) {
      for (let length = 0; length < request.length; length++) {
        expect(parseRequest(request.subarray(0, length)), `${length} of ${request.length} bytes`).toEqual({
          kind: 'incomplete',
        });
      }
      expect(parseRequest(request).kind).toBe('connect');
    }
  });

  it('answers BIND and UDP ASSOCIATE with "command not supported", once the request is complete', () => {
    expect(parseRequest(domainRequest('example.com', 80, 2))).toEqual({
      kind: 'unsupported-command',
      command: 2,
      consumed: 18,
    });
    expect(parseRequest(domainRequest('example.com', 80, 3))).toMatchObject({ kind: 'unsupported-command' });
    expect(parseRequest(domainRequest('example.com', 80, 3).subarray(0, 10))).toEqual({ kind: 'incomplete' });
  });

  it('answers an unknown address type at once: its length cannot be known', () => {
    expect(parseRequest(bytes(5, 1, 0, 2))).toEqual({ kind: 'unsupported-address', addressType: 2 });
    expect(parseRequest(bytes(5, 1, 0, 0xff, 1, 2))).toEqual({
      kind: 'unsupported-address',
      addressType: 0xff,
    });
  });

  it('refuses a wrong version, an empty domain and port 0', () => {
    expect(parseRequest(bytes(4, 1, 0, 1, 1, 2, 3, 4, 0, 80))).toMatchObject({ kind: 'invalid' });
    expect(parseRequest(bytes(5, 1, 0, 3, 0, 0, 80))).toEqual({
      kind: 'invalid',
      reason: 'empty domain name',
      reply: Reply.generalFailure,
    });
    expect(parseRequest(domainRequest('example.com', 0))).toMatchObject({
      kind: 'invalid',
      reply: Reply.generalFailure,
    });
  });

  it('replies with the code and a zero bound address', () => {
    expect(replyBytes(Reply.commandNotSupported)).toEqual(bytes(5, 7, 0, 1, 0, 0, 0, 0, 0, 0));
  });
});
