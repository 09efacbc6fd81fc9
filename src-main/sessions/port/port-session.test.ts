import { createServer, type Server } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { PayloadType, PortFlag } from '../../protocol/codec/message-type.js';
import { SessionError } from '../session-error.js';
import { RecordingContext } from './__fixtures__/port-harness.js';
import { PortSession } from './port-session.js';

const LOCAL = { portNumber: '80', type: 'LocalPortForwarding' };
const sessions: PortSession[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.dispose();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function create(
  context: RecordingContext,
  options: Parameters<typeof PortSession.create>[1],
): Promise<PortSession> {
  const session = await PortSession.create(context, options);
  sessions.push(session);
  return session;
}

async function sessionError(promise: Promise<unknown>): Promise<SessionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SessionError);
    return error as SessionError;
  }
  throw new Error('expected a SessionError');
}

describe('PortSession (spec §7.3)', () => {
  it('mux above agent 3.0.196.0: listens on 127.0.0.1, prints the Go text; stop() sends the flag and ends', async () => {
    const printed: string[] = [];
    const context = new RecordingContext('3.1.0.0', LOCAL);
    const session = await create(context, {
      print: (t) => printed.push(t),
      listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    });
    expect(session.mode).toBe('mux');
    const port = session.localListener?.port;
    expect(printed).toEqual([`Port ${port} opened for sessionId session-1.\nWaiting for connections...\n`]);
    expect(await session.stop()).toBe('ended');
    const flags = context.sent
      .filter((m) => m.type === PayloadType.Flag)
      .map((m) => m.payload.readUInt32BE(0));
    expect(flags).toEqual([PortFlag.TerminateSession]);
  });

  it('basic with an agent at or below 2.3.722.0: stop() calls TerminateSession and waits for channel_closed', async () => {
    const context = new RecordingContext('2.3.0.0', LOCAL);
    const session = await create(context, {
      print: () => undefined,
      listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    });
    expect(session.mode).toBe('basic');
    expect(await session.stop()).toBe('wait-for-channel-closed');
    expect(context.terminateCalls).toBe(1);
  });

  it('without LocalPortForwarding it forwards stdin/stdout, and needs them: else stdio-required', async () => {
    const stream = await create(new RecordingContext('3.1.0.0', { portNumber: '22' }), {
      print: () => undefined,
      stdio: { input: new PassThrough(), output: new PassThrough() },
    });
    expect(stream.mode).toBe('stream');
    expect(await stream.stop()).toBe('ended');
    const error = await sessionError(
      PortSession.create(new RecordingContext('3.1.0.0', { portNumber: '22' }), { print: () => undefined }),
    );
    expect(error.code).toBe('stdio-required');
  });

  it("a local port already taken: 'listen-failed' with the errno error as cause (and Go's words)", async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const error = await sessionError(
      PortSession.create(new RecordingContext('3.1.0.0', { ...LOCAL, localPortNumber: String(port) }), {
        print: () => undefined,
      }),
    );
    expect(error.code).toBe('listen-failed');
    expect(error.message).toContain('address already in use');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });

  it("a local port number out of range: 'invalid-port-parameters'", async () => {
    const error = await sessionError(
      PortSession.create(new RecordingContext('3.1.0.0', { ...LOCAL, localPortNumber: '70000' }), {
        print: () => undefined,
      }),
    );
    expect(error.code).toBe('invalid-port-parameters');
  });
});
