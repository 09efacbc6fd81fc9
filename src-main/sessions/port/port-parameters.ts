import { goField, isJsonObject, type JsonObject } from '../../protocol/go-json.js';
import { AgentVersionThreshold, isVersionGreaterThan } from '../../protocol/agent-version.js';

/** The handshake Properties of a Port session, re-read the way Go does: keys case-insensitive (§7.3). */
export interface PortParameters {
  portNumber: string;
  localPortNumber: string;
  localUnixSocket: string;
  localConnectionType: string;
  type: string;
}

/**
 * Go re-marshals the Properties (an interface{}, so a map) and decodes the text into PortParameters,
 * logging and ignoring the error: a field of the wrong type reads as empty, the others are kept. A
 * map is marshalled with its keys sorted, so among keys that differ only in case ("PortNumber",
 * "portNumber") the one that sorts last wins.
 */
export function parsePortParameters(properties: unknown): PortParameters {
  const object = isJsonObject(properties) ? properties : {};
  const sorted: JsonObject = {};
  for (const key of Object.keys(object).sort(compareBytes)) {
    Object.defineProperty(sorted, key, { value: object[key], enumerable: true });
  }
  const text = (name: string): string => {
    const value = goField(sorted, name);
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

/** Go sorts map keys by their UTF-8 bytes. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
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
