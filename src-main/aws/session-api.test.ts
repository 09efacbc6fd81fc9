import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emulator, createEmulatorLock } from '../emulator/index.js';
import { AwsContext } from './aws-context.js';
import { classifyAwsError } from './classify-aws-error.js';
import { resumeSession, startSession, terminateSession } from './session-api.js';

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

const ONLINE = 'i-0a1b2c3d4e5f60718';
const OFFLINE = 'i-0e5f60718293a4b5c';

// The one adapter the plugin and the library share: each service answer becomes its code, by the
// SDK's structured fields (name, $fault, status), never by message text.
describe('the session adapter against the emulator', () => {
  let emulator: Emulator;
  let aws: AwsContext;
  const keys = { AWS_ACCESS_KEY_ID: 'AKIASESSIONAPI000001', AWS_SECRET_ACCESS_KEY: 'session-api-secret' };
  beforeAll(async () => {
    emulator = await Emulator.start();
    aws = await AwsContext.create({ region: 'us-east-1', endpointUrl: emulator.endpoint, env: keys });
  });
  afterAll(async () => emulator?.close());

  it('StartSession, ResumeSession and TerminateSession on a live session', async () => {
    const start = await startSession(aws, { target: ONLINE });
    expect(start.streamUrl).toMatch(/^ws:\/\//);
    expect(await resumeSession(aws, start.sessionId)).toEqual(expect.any(String));
    await terminateSession(aws, start.sessionId);
  });

  it('codes: target-not-connected, invalid-document, and a session the service does not know', async () => {
    expect(await failure(startSession(aws, { target: OFFLINE }))).toMatchObject({
      code: 'target-not-connected',
      message: `${OFFLINE} is not connected.`,
    });
    expect(
      await failure(startSession(aws, { target: ONLINE, documentName: 'No-Such-Document' })),
    ).toMatchObject({
      code: 'invalid-document',
    });
    // ResumeSession: as final as an empty token (the plugin and the library agree).
    expect(await resumeSession(aws, 'nobody-0123456789abcdef0')).toBeUndefined();
    expect(await failure(terminateSession(aws, 'nobody-0123456789abcdef0'))).toMatchObject({
      code: 'session-not-found',
    });
  });

  it('a bad reason is refused before any request', async () => {
    const before = emulator.sessions.list().length;
    expect(await failure(startSession(aws, { target: ONLINE, reason: 'two\nlines' }))).toMatchObject({
      code: 'validation',
      message: 'the reason must be one line',
    });
    expect(emulator.sessions.list().length).toBe(before);
  });

  it('keys the service does not know are credentials-invalid', async () => {
    const locked = await Emulator.start({ lock: createEmulatorLock() });
    try {
      const stranger = await AwsContext.create({
        region: 'us-east-1',
        endpointUrl: locked.endpoint,
        env: keys,
      });
      expect(await failure(startSession(stranger, { target: ONLINE }))).toMatchObject({
        code: 'credentials-invalid',
      });
    } finally {
      await locked.close();
    }
  });

  it('no connection is network; an aborted call is aborted at once', async () => {
    // A port that accepts nothing: connection refused.
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const nowhere = await AwsContext.create({
      region: 'us-east-1',
      endpointUrl: `http://127.0.0.1:${port}`,
      env: keys,
    });
    expect(await failure(startSession(nowhere, { target: ONLINE }))).toMatchObject({ code: 'network' });

    const controller = new AbortController();
    const pending = failure(startSession(aws, { target: ONLINE }, controller.signal));
    controller.abort();
    expect(await pending).toMatchObject({ code: 'aborted' });
  });

  it('classifies by structure: status and $fault when the name is unknown, Node codes, AbortError', () => {
    const sdk = (name: string, status: number, fault: 'client' | 'server') =>
      Object.assign(new Error('words that do not matter'), {
        name,
        $fault: fault,
        $metadata: { httpStatusCode: status },
      });
    expect(classifyAwsError(sdk('SomethingNew', 429, 'client')).code).toBe('throttled');
    expect(classifyAwsError(sdk('SomethingNew', 503, 'server')).code).toBe('service-unavailable');
    expect(classifyAwsError(sdk('RequestLimitExceeded', 400, 'client')).code).toBe('throttled');
    expect(classifyAwsError(sdk('UnauthorizedOperation', 403, 'client')).code).toBe('access-denied');
    expect(classifyAwsError(sdk('NotFoundException', 400, 'client')).code).toBe('kms-key-unusable');
    expect(classifyAwsError(sdk('DisabledException', 400, 'client')).code).toBe('kms-key-unusable');
    expect(classifyAwsError(sdk('DoesNotExistException', 400, 'client')).code).toBe('unknown');
    expect(classifyAwsError(sdk('DoesNotExistException', 400, 'client'), 'ResumeSession').code).toBe(
      'session-not-found',
    );
    expect(
      classifyAwsError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' })).code,
    ).toBe('network');
    expect(classifyAwsError(Object.assign(new Error('aborted'), { name: 'AbortError' })).code).toBe(
      'aborted',
    );
    expect(classifyAwsError(new Error('Unexpected\nsecond line')).message).toBe('Unexpected');
  });
});
