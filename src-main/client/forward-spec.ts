import { ClientError } from './client-error.js';

/** One `-L [bind:]localPort:host:remotePort` or `-L /path.sock:host:remotePort` forward, as OpenSSH spells it. */
export interface ForwardSpec {
  bindAddress: string;
  localPort: number;
  /** A unix socket to listen on instead of a TCP port. */
  localSocket?: string;
  remoteHost: string;
  remotePort: number;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export function isInstanceLocal(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase());
}

function port(text: string, what: string, allowZero: boolean): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535 || (!allowZero && value === 0)) {
    throw new ClientError(
      'invalid-forward-spec',
      `${what} must be a port number${allowZero ? ' (0 picks a free one)' : ''}, got "${text}"`,
    );
  }
  return value;
}

/** Parses `-L` values; throws a ClientError `invalid-forward-spec` with a one-line message on bad input. */
export function parseForwardSpec(text: string): ForwardSpec {
  // /path/to.sock:host:remote (OpenSSH's local_socket form: a path, so it starts with / or .).
  const socket = /^((?:\/|\.{1,2}\/)[^:]*):(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  if (socket) {
    return {
      bindAddress: '',
      localPort: 0,
      localSocket: socket[1] ?? '',
      remoteHost: (socket[2] ?? '').replace(/^\[(.*)\]$/, '$1'),
      remotePort: port(socket[3] ?? '', 'remote port', false),
    };
  }
  // [bind:]local:host:remote, where host may be a bracketed IPv6 address.
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+):(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  if (!match) {
    throw new ClientError(
      'invalid-forward-spec',
      `-L ${text}: expected [bind_address:]local_port:host:remote_port or /local/socket:host:remote_port`,
    );
  }
  const unbracket = (value: string): string => value.replace(/^\[(.*)\]$/, '$1');
  return {
    bindAddress: unbracket(match[1] ?? '127.0.0.1'),
    localPort: port(match[2] ?? '', 'local port', true),
    remoteHost: unbracket(match[3] ?? ''),
    remotePort: port(match[4] ?? '', 'remote port', false),
  };
}

/** Parses `-D [bind:]port`. */
export function parseSocksSpec(text: string): { bindAddress: string; port: number } {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d+)$/.exec(text);
  if (!match) throw new ClientError('invalid-forward-spec', `-D ${text}: expected [bind_address:]port`);
  return {
    bindAddress: (match[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1'),
    port: port(match[2] ?? '', 'SOCKS port', true),
  };
}
