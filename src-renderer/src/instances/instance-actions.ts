import type { InstanceRow } from './instance-row';

/** What a row can do; the view wires these to the contract. */
export interface InstanceActions {
  openShell(row: InstanceRow): void;
  forwardPort(row: InstanceRow): void;
  runCommand(row: InstanceRow): void;
  toggleFavourite(row: InstanceRow): void;
  copyInstanceId(row: InstanceRow): void;
  copySshConfig(row: InstanceRow): void;
  /** Windows: 3389 forwarded to a free local port and an .rdp file opened. */
  remoteDesktop(row: InstanceRow): void;
}

/** Why a shell cannot start on an instance, or undefined when it can. */
export function whyNotConnectable(row: InstanceRow): string | undefined {
  if (row.connectable) return undefined;
  if (row.ping === 'Unmanaged') return 'Not managed by Systems Manager';
  if (row.ping === 'ConnectionLost') return 'The SSM agent lost its connection';
  return 'The SSM agent is not online';
}
