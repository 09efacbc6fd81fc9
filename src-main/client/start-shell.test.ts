import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsContext } from '../aws/aws-context.js';
import { Emulator, defaultEmulatorConfig } from '../emulator/index.js';
import type { Session } from '../sessions/session.js';
import { toErrorInfo } from './error-info.js';
import { startShell, type ShellHandle } from './start-shell.js';

/** Resolves once `check()` holds, polling on the event loop (no fixed sleeps). */
async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The reliability layer's counters, read through the handle's private session (tests only). */
const statsOf = (handle: ShellHandle): Session['stats'] =>
  (handle as unknown as { session: Session }).session.stats;

const TARGET = 'i-0a1b2c3d4e5f60718';

describe('startShell against the emulator', () => {
  let emulator: Emulator;
  let encrypting: Emulator;
  let aws: AwsContext;
  let kmsAws: AwsContext;
  beforeAll(async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIASHELLTEST0000001', AWS_SECRET_ACCESS_KEY: 'shell-test-secret' };
    emulator = await Emulator.start();
    const config = defaultEmulatorConfig();
    config.preferences.kmsKeyId = 'alias/session-key';
    encrypting = await Emulator.start({ config });
    aws = await AwsContext.create({ region: 'us-east-1', endpointUrl: emulator.endpoint, env });
    kmsAws = await AwsContext.create({ region: 'us-east-1', endpointUrl: encrypting.endpoint, env });
  });
  afterAll(async () => {
    await emulator?.close();
    await encrypting?.close();
  });

  it('pause() holds output back and stops acknowledging; resume() delivers all of it, in order', async () => {
    const shell = await startShell(aws, { target: TARGET, size: { cols: 120, rows: 40 } });
    let screen = '';
    shell.on('output', (data) => (screen += data.toString()));
    shell.write('echo ready-$((20+22))\r');
    await until(() => screen.includes('ready-42'), 'the shell');

    shell.pause();
    expect(shell.paused).toBe(true);
    const shownBefore = screen.length;
    const stats = statsOf(shell);
    const framesBefore = stats.framesReceived;
    shell.write('seq 1 20000; echo END-$((1+1))\r');
    // The agent keeps sending (its resends included); none of it may reach the program.
    await until(() => stats.framesReceived >= framesBefore + 10, 'frames from the agent while paused');
    expect(screen.length).toBe(shownBefore);

    shell.resume();
    await until(() => screen.includes('END-2'), 'the rest of the output after resume');
    const numbers = screen
      .slice(shownBefore)
      .split(/\r?\n/)
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
    expect(numbers).toEqual(Array.from({ length: 20000 }, (_, i) => i + 1));
    shell.write('exit\r');
    expect((await shell.done).kind).toBe('closed');
  });

  it('says whether the session is KMS-encrypted by the time the handshake message comes', async () => {
    const plain = await startShell(aws, { target: TARGET });
    let plainOutput = false;
    plain.on('output', () => (plainOutput = true));
    await until(() => plainOutput, 'output of the plain session');
    expect(plain.encrypted).toBe(false);
    await plain.close();

    const secret = await startShell(kmsAws, { target: TARGET });
    const seen = await new Promise<boolean | undefined>((resolve) =>
      secret.once('message', () => resolve(secret.encrypted)),
    );
    expect(seen).toBe(true);
    await secret.close();
  });

  it('an aborted signal cancels: before StartSession nothing starts; after it the session is terminated', async () => {
    const before = emulator.sessions.list().length;
    const early = await startShell(aws, { target: TARGET, signal: AbortSignal.abort() }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(toErrorInfo(early).code).toBe('aborted');
    expect(emulator.sessions.list().length).toBe(before);

    // Abort the moment StartSession has answered, while the data channel is being opened.
    const controller = new AbortController();
    const context = await AwsContext.create({
      region: 'us-east-1',
      endpointUrl: emulator.endpoint,
      env: { AWS_ACCESS_KEY_ID: 'AKIASHELLTEST0000002', AWS_SECRET_ACCESS_KEY: 'shell-test-secret' },
    });
    const call = context.call.bind(context);
    context.call = async (action, options) => {
      const result = await call(action, options);
      if (options?.operation === 'StartSession') controller.abort();
      return result;
    };
    const late = await startShell(context, { target: TARGET, signal: controller.signal }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(toErrorInfo(late)).toEqual({ code: 'aborted', message: 'cancelled' });
    const started = emulator.sessions.list().slice(before);
    expect(started).toHaveLength(1);
    await until(() => started[0]?.status === 'Terminated', 'TerminateSession for the cancelled start');
  });

  it('aborting the signal of a running shell closes it', async () => {
    const controller = new AbortController();
    const shell = await startShell(aws, { target: TARGET, signal: controller.signal });
    controller.abort();
    expect(await shell.done).toEqual({ kind: 'local', reason: 'closed by the application' });
    const record = emulator.sessions.list().find((session) => session.sessionId === shell.sessionId);
    expect(record?.status).toBe('Terminated');
  });
});
