/** The Go plugin's port-forwarding texts (spec §7.3), printed by the drop-in plugin and the CLI. */
export const PortNotice = {
  basicOpened: (where: string, sessionId: string) => `${where} opened for sessionId ${sessionId}.\n`,
  basicAccepted: (sessionId: string) => `Connection accepted for session ${sessionId}.\n`,
  muxOpened: (where: string, sessionId: string) =>
    `${where} opened for sessionId ${sessionId}.\nWaiting for connections...\n`,
  muxAccepted: (sessionId: string) => `\nConnection accepted for session [${sessionId}]\n`,
  connectToPortError: '\nConnection to destination port failed, check SSM Agent logs.\n',
  terminateSignal: 'Terminate signal received, exiting.\n',
} as const;

/** "Port 8080" or "Unix socket /tmp/x.sock", as the opened text names the listener. */
export function listenerName(port: number | undefined, unixPath: string | undefined): string {
  return unixPath !== undefined ? `Unix socket ${unixPath}` : `Port ${port ?? 0}`;
}

/** Live numbers for a status line. */
export interface PortForwardStats {
  connectionsOpen: number;
  connectionsTotal: number;
  bytesIn: number;
  bytesOut: number;
}

export function newPortForwardStats(): PortForwardStats {
  return { connectionsOpen: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0 };
}
