import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AwsError } from './aws-error.js';

/** Output beyond these sizes is not kept (a process gone wrong must not fill memory). */
const MAX_STDOUT_BYTES = 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;

export interface CredentialProcessOptions {
  /** The process's environment (the AwsContext's env). */
  env: NodeJS.ProcessEnv;
  /** Called once the process has run this long without finishing, e.g. to say what we wait for. */
  onSlow?: () => void;
  slowAfterMs: number;
}

/**
 * Runs a profile's credential_process ourselves rather than through the SDK, so that each way it can
 * fail is one line that names the profile and the cause: the program that does not exist, the exit
 * status with the first line of stderr, output that is not Version 1 JSON credentials, or expired
 * ones. Run through the shell as the SDK runs it (so what worked with it keeps working); stdin is
 * /dev/null, so a process that reads it gets EOF rather than hanging. stdout is never quoted in an
 * error: it may hold secrets.
 */
export async function runCredentialProcess(
  profile: string,
  command: string,
  options: CredentialProcessOptions,
): Promise<AwsCredentialIdentity> {
  const program = programOf(command);
  const fail = (cause: string): AwsError =>
    new AwsError('credential-process-failed', `profile ${profile}: credential_process ${cause}`, {
      profile,
    });
  // A path that names no file: say so plainly instead of the shell's "not found" line.
  if (program.includes('/') && !existsSync(program)) throw fail(`${program} does not exist`);
  const { status, signal, stdout, stderr } = await new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out = new Capped(MAX_STDOUT_BYTES);
    const err = new Capped(MAX_STDERR_BYTES);
    child.stdout.on('data', (chunk: Buffer) => out.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.add(chunk));
    const slow = options.onSlow ? setTimeout(options.onSlow, options.slowAfterMs) : undefined;
    slow?.unref();
    child.once('error', (error) => {
      clearTimeout(slow);
      reject(
        fail(`${program} could not be started (${(error as NodeJS.ErrnoException).code ?? error.message})`),
      );
    });
    child.once('close', (code, killedBy) => {
      clearTimeout(slow);
      resolve({ status: code, signal: killedBy, stdout: out.text(), stderr: err.text() });
    });
  });
  const firstErrorLine = stderr
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim();
  const said = firstErrorLine ? `: ${firstErrorLine.slice(0, 300)}` : '';
  if (signal) throw fail(`${program} was killed by ${signal}${said}`);
  // 127 and 126 are the shell's "command not found" and "not executable".
  if (status === 127) throw fail(`${program} was not found${said}`);
  if (status !== 0) throw fail(`${program} exited with status ${status ?? 'unknown'}${said}`);
  return parseCredentials(stdout, fail);
}

function parseCredentials(stdout: string, fail: (cause: string) => AwsError): AwsCredentialIdentity {
  let data: unknown;
  try {
    data = JSON.parse(stdout.trim());
  } catch {
    throw fail(stdout.trim() === '' ? 'printed nothing' : 'printed something that is not JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw fail('printed JSON that is not an object');
  }
  const fields = data as Record<string, unknown>;
  if (fields.Version !== 1) throw fail('did not print "Version": 1');
  const text = (key: string): string | undefined =>
    typeof fields[key] === 'string' && fields[key] !== '' ? (fields[key] as string) : undefined;
  const accessKeyId = text('AccessKeyId');
  const secretAccessKey = text('SecretAccessKey');
  if (!accessKeyId || !secretAccessKey) throw fail('printed no AccessKeyId and SecretAccessKey');
  const expirationText = text('Expiration');
  const expiration = expirationText ? new Date(expirationText) : undefined;
  if (expiration && Number.isNaN(expiration.getTime())) {
    throw fail(`printed an Expiration that is not a date (${expirationText})`);
  }
  if (expiration && expiration.getTime() <= Date.now()) {
    throw fail(`printed credentials that expired at ${expiration.toISOString()}`);
  }
  const sessionToken = text('SessionToken');
  const accountId = text('AccountId');
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    ...(accountId ? { accountId } : {}),
  };
}

/** The program a shell command line starts with (its first word, quotes removed). */
export function programOf(command: string): string {
  const match = /^\s*(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(command);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? command.trim();
}

/** Collects output up to a size, dropping the rest. */
class Capped {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    if (this.size >= this.limit) return;
    const piece = chunk.subarray(0, this.limit - this.size);
    this.chunks.push(piece);
    this.size += piece.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
