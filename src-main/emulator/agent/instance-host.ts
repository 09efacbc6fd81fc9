import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Who an emulated instance is on its own network: what `hostname` answers there. */
export interface InstanceHost {
  /** The host name, as EC2 Linux sets it: the private DNS name's first label (`ip-10-1-2-3`). */
  name: string;
  /** The private DNS name (`ip-10-1-2-3.ec2.internal`), `hostname -f`. */
  fqdn: string;
  /** `hostname -i`. */
  privateIp: string;
}

/** The host an instance's private DNS name and address make. */
export function instanceHost(privateDnsName: string, privateIpAddress: string): InstanceHost {
  const fqdn = privateDnsName.trim().toLowerCase();
  return { name: fqdn.split('.')[0] ?? fqdn, fqdn, privateIp: privateIpAddress };
}

/**
 * Makes a session's processes see the emulated instance's host name, without root and without
 * touching the machine the emulator runs on (every emulated shell is a shell of this one machine, so
 * `hostname` would say the same everywhere): a folder of its own with a `hostname` program that
 * answers as the instance (`-f`, `-s`, `-i`, `-d` as hostname(1) reads them), put first on PATH, and
 * HOSTNAME set, as bash sets it on a real instance. The folder goes when the session does.
 */
export class HostCommands {
  private constructor(
    readonly directory: string,
    private readonly host: InstanceHost,
  ) {}

  static create(host: InstanceHost): HostCommands {
    const directory = mkdtempSync(join(tmpdir(), 'ssm-desk-agent-host-'));
    const program = join(directory, 'hostname');
    const domain = host.fqdn.includes('.') ? host.fqdn.slice(host.fqdn.indexOf('.') + 1) : '';
    writeFileSync(
      program,
      [
        '#!/bin/sh',
        "# The emulated instance's host name (ssm-desk emulator).",
        'case "$1" in',
        `  ''|-s|--short) echo ${quoted(host.name)} ;;`,
        `  -f|--fqdn|--long|-A|--all-fqdns) echo ${quoted(host.fqdn)} ;;`,
        `  -i|--ip-address|-I|--all-ip-addresses) echo ${quoted(host.privateIp)} ;;`,
        `  -d|--domain) echo ${quoted(domain)} ;;`,
        `  *) echo "hostname: $1: not available on an emulated instance" >&2; exit 1 ;;`,
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(program, 0o755);
    return new HostCommands(directory, host);
  }

  /** The variables to put over the session's environment: HOSTNAME, and PATH with the folder first. */
  environment(path: string | undefined): Record<string, string> {
    return { HOSTNAME: this.host.name, PATH: path ? `${this.directory}:${path}` : this.directory };
  }

  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** A single-quoted shell word. */
function quoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
