import { describe, expect, it } from 'vitest';
import { isInstanceLocal, parseForwardSpec, parseSocksSpec } from './forward-spec.js';

describe('forward specs as OpenSSH spells them', () => {
  it('parses [bind:]local:host:remote, with bracketed IPv6 hosts', () => {
    expect(parseForwardSpec('8080:localhost:80')).toEqual({
      bindAddress: '127.0.0.1',
      localPort: 8080,
      remoteHost: 'localhost',
      remotePort: 80,
    });
    expect(parseForwardSpec('0.0.0.0:0:[fd00::1]:5432')).toEqual({
      bindAddress: '0.0.0.0',
      localPort: 0,
      remoteHost: 'fd00::1',
      remotePort: 5432,
    });
  });

  it('parses a local unix socket path in place of [bind:]local', () => {
    expect(parseForwardSpec('/tmp/db.sock:db.internal:5432')).toEqual({
      bindAddress: '',
      localPort: 0,
      localSocket: '/tmp/db.sock',
      remoteHost: 'db.internal',
      remotePort: 5432,
    });
    expect(parseForwardSpec('./x.sock:localhost:80').localSocket).toBe('./x.sock');
  });

  it('rejects bad input with one line naming the form', () => {
    expect(() => parseForwardSpec('8080:localhost')).toThrow(
      /expected \[bind_address:\]local_port:host:remote_port/,
    );
    expect(() => parseForwardSpec('70000:localhost:80')).toThrow(/local port must be a port number/);
    expect(() => parseForwardSpec('/tmp/x.sock:localhost:0')).toThrow(/remote port must be a port number/);
    expect(() => parseSocksSpec('x')).toThrow(/expected \[bind_address:\]port/);
  });

  it('knows which hosts mean the instance itself', () => {
    expect(isInstanceLocal('LOCALHOST')).toBe(true);
    expect(isInstanceLocal('10.0.0.5')).toBe(false);
  });
});
