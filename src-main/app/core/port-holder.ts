import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';

/** Whether a local TCP port can be bound, and if not, which process holds it (where the OS says). */
export interface PortCheck {
  free: boolean;
  holder?: string;
}

/** Binds the port for a moment: the only sure way to know it is free for us. */
export async function checkLocalPort(host: string, port: number): Promise<PortCheck> {
  const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (failure: NodeJS.ErrnoException) => resolve(failure));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (!error) return { free: true };
  if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') return { free: false, holder: error.message };
  const holder = await portHolder(port).catch(() => undefined);
  return { free: false, ...(holder ? { holder } : {}) };
}

/** "nginx (pid 812)": the process listening on the port. Linux reads /proc; macOS asks lsof. */
export async function portHolder(port: number): Promise<string | undefined> {
  if (process.platform === 'linux') return linuxPortHolder(port);
  if (process.platform === 'darwin') return lsofPortHolder(port);
  return undefined;
}

async function linuxPortHolder(port: number): Promise<string | undefined> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // State 0A is LISTEN; the local address ends in the port in hex.
      if (!local || fields[3] !== '0A') continue;
      if (Number.parseInt(local.split(':')[1] ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        const name = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
        return `${name || 'a process'} (pid ${pid})`;
      }
    }
  }
  // Listening, but by a process we may not look into (another user's).
  return 'another user’s process';
}

function lsofPortHolder(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], { timeout: 3000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      const pid = /^p(\d+)$/m.exec(stdout)?.[1];
      const name = /^c(.+)$/m.exec(stdout)?.[1];
      resolve(pid ? `${name ?? 'a process'} (pid ${pid})` : undefined);
    });
  });
}
