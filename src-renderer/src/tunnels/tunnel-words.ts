import type { TunnelRunState, TunnelSpec, TunnelStatus } from '../../../src-shared/model/tunnel';
import { wordsForCode } from '../app/error-words';

/** How each state reads in a row, and its colour. */
export const STATE_LOOK: Record<TunnelRunState, { text: string; tone: string; busy: boolean }> = {
  stopped: { text: 'Stopped', tone: 'neutral', busy: false },
  starting: { text: 'Starting', tone: 'accent', busy: true },
  forwarding: { text: 'Forwarding', tone: 'success', busy: false },
  resuming: { text: 'Resuming', tone: 'warning', busy: true },
  restarting: { text: 'Restarting', tone: 'warning', busy: true },
  failed: { text: 'Failed', tone: 'danger', busy: false },
};

/** The states a tunnel goes through on its own; Start is offered in the others. */
export function isRunning(state: TunnelRunState): boolean {
  return state !== 'stopped' && state !== 'failed';
}

/** Where it goes: "web-1 → db.internal:5432", "web-1 :8080", "SOCKS5 through bastion". */
export function describeDestination(spec: TunnelSpec): string {
  if (spec.kind === 'socks') return `SOCKS5 proxy through ${spec.target}`;
  return spec.remoteHost
    ? `${spec.target} → ${spec.remoteHost}:${spec.remotePort ?? ''}`
    : `${spec.target} port ${spec.remotePort ?? ''}`;
}

/** The local end: the bound port while it runs, else what the tunnel asks for. */
export function localAddress(spec: TunnelSpec, status: TunnelStatus): string {
  if (spec.localSocket) return spec.localSocket;
  const port = status.localPort ?? (spec.localPort === 0 ? undefined : spec.localPort);
  const host = spec.bindAddress.includes(':') ? `[${spec.bindAddress}]` : spec.bindAddress;
  return port === undefined ? `${host}:any free port` : `${host}:${port}`;
}

/** Why a tunnel failed, in words (the engine's message after its code's words). */
export function failureText(status: TunnelStatus): string | undefined {
  if (!status.error) return undefined;
  const words = wordsForCode(status.error.code);
  if (status.error.code === 'port-in-use') return status.error.message;
  return words ? `${words}: ${status.error.message}` : status.error.message;
}
