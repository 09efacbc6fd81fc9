import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis } from './support/aws-cli.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { sha256 } from './support/port-tools.js';
import { SSHD, startSshd, type Sshd } from './support/sshd.js';

const run = promisify(execFile);
const v2 = findAwsClis().find((cli) => cli.label === 'v2');

// Issue 3 §4b: OpenSSH end to end through AWS-StartSSHSession as a ProxyCommand (stream forwarding).
describe('OpenSSH through the AWS CLI v2 and our plugin', () => {
  let emulator: Emulator;
  let sshd: Sshd | undefined;
  let dir: string;
  let sshPort: number;
  let sshArgs: string[];
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    expect(existsSync(SSHD), 'Debian openssh-server is installed').toBe(true);
    expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
    emulator = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'ssm-desk-sshd-'));
    chmodSync(dir, 0o700);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'user_key')]);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')));
    chmodSync(join(dir, 'authorized_keys'), 0o600);
    sshd = await startSshd(dir);
    sshPort = sshd.port;
    env = awsCliEnvironment(emulator.endpoint);
    const proxy = `${v2?.path} ssm start-session --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --endpoint-url ${emulator.endpoint} --region us-east-1`;
    sshArgs = [
      '-F',
      '/dev/null',
      '-i',
      join(dir, 'user_key'),
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      '-o',
      'BatchMode=yes',
      '-o',
      `ProxyCommand=${proxy}`,
    ];
  });
  afterAll(async () => {
    sshd?.stop();
    await emulator?.close();
  });

  it('ssh runs a command, and scp copies 32 MiB both ways with matching checksums', async () => {
    const target = `${userInfo().username}@${linuxInstance(emulator).instanceId}`;
    const hello = await run('ssh', [...sshArgs, '-p', String(sshPort), target, 'echo ssh-$((6*7))'], { env });
    expect(hello.stdout).toBe('ssh-42\n');

    const data = randomBytes(32 * 1024 * 1024);
    writeFileSync(join(dir, 'up.bin'), data);
    const scp = ['-q', ...sshArgs, '-P', String(sshPort)];
    await run('scp', [...scp, join(dir, 'up.bin'), `${target}:${join(dir, 'remote.bin')}`], {
      env,
      maxBuffer: 1 << 20,
    });
    expect(sha256(readFileSync(join(dir, 'remote.bin')))).toBe(sha256(data));
    await run('scp', [...scp, `${target}:${join(dir, 'remote.bin')}`, join(dir, 'down.bin')], { env });
    expect(sha256(readFileSync(join(dir, 'down.bin')))).toBe(sha256(data));
  });
});
