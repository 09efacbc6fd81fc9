import { goField, isJsonObject } from '../../protocol/go-json.js';
import { AgentVersionThreshold, isVersionGreaterThan } from '../../protocol/agent-version.js';

/** The handshake Properties of a Port session, re-read the way Go does: keys case-insensitive (§7.3). */
export interface PortParameters {
  portNumber: string;
  localPortNumber: string;
  localUnixSocket: string;
  localConnectionType: string;
  type: string;
}

export function parsePortParameters(properties: unknown): PortParameters {
  const object = isJsonObject(properties) ? properties : {};
  const text = (name: string): string => {
    const value = goField(object, name);
    return typeof value === 'string' ? value : '';
  };
  return {
    portNumber: text('portNumber'),
    localPortNumber: text('localPortNumber'),
    localUnixSocket: text('localUnixSocket'),
    localConnectionType: text('localConnectionType'),
    type: text('type'),
  };
}

export type PortMode = 'mux' | 'basic' | 'stream';

/**
 * §7.3 "Choosing the mode": LocalPortForwarding with an agent strictly above 3.0.196.0 (4-part numeric
 * comparison) multiplexes with smux; older agents get basic mode; anything else (e.g. AWS-StartSSHSession
 * as an ssh ProxyCommand) forwards stdin/stdout. The agent decides independently from our version, so
 * both must agree: see src-shared/version.ts.
 */
export function choosePortMode(parameters: PortParameters, agentVersion: string): PortMode {
  if (parameters.type !== 'LocalPortForwarding') return 'stream';
  return isVersionGreaterThan(agentVersion, AgentVersionThreshold.tcpMultiplexing) ? 'mux' : 'basic';
}
