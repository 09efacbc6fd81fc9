import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PortInUseError, withFreshPort } from './port-tools.js';

export const SSHD = '/usr/sbin/sshd';

export interface Sshd {
  port: number;
  process: ChildProcess;
  stop(): void;
}

/**
 * Debian's sshd in the foreground on 127.0.0.1, with the host key and authorized_keys found in `dir`.
 * Resolves once sshd says it is listening (its own "Server listening" line, printed after bind and
 * listen succeeded), so no client connects before the port is open. sshd must bind a port we choose;
 * if someone takes that port first, sshd exits saying so and it is started again on another.
 * `ports.pick` chooses the ports (see withFreshPort()).
 */
export function startSshd(dir: string, ports: { pick?: () => Promise<number> } = {}): Promise<Sshd> {
  // Privilege separation needs this directory when sshd runs as root.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true });
  return withFreshPort(async (port) => {
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'Subsystem sftp internal-sftp',
      ].join('\n') + '\n',
    );
    const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let log = '';
      let ready = false;
      const listening = `Server listening on 127.0.0.1 port ${port}.`;
      // Read stderr for sshd's whole life (a full pipe would block it), keeping only the start-up log.
      sshd.stderr.on('data', (chunk: Buffer) => {
        if (ready) return;
        log += chunk.toString();
        ready = log.includes(listening);
        if (ready) resolve();
      });
      sshd.on('error', reject);
      sshd.on('close', (code) => {
        if (/Address already in use/.test(log)) reject(new PortInUseError(port, log.trim()));
        else reject(new Error(`sshd exited (${code}) before listening:\n${log}`));
      });
    });
    return { port, process: sshd, stop: () => sshd.kill() };
  }, ports);
}
