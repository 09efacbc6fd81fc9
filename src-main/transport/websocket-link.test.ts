import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeService } from './__fixtures__/fake-service.js';
import { TransportError } from './transport-error.js';
import { WebSocketLink, type WebSocketLinkEvents } from './websocket-link.js';

interface Recorder extends WebSocketLinkEvents {
  frames: Buffer[];
  lost: TransportError[];
  /** Resolves once `n` frames have arrived (or at once if they already have). */
  frameCount(n: number): Promise<void>;
}

function recorder(): Recorder {
  const waiters: Array<() => void> = [];
  const r: Recorder = {
    frames: [],
    lost: [],
    onFrame: (frame) => {
      r.frames.push(frame);
      for (const wake of waiters.splice(0)) wake();
    },
    onLost: (error) => {
      r.lost.push(error);
      for (const wake of waiters.splice(0)) wake();
    },
    frameCount: async (n) => {
      while (r.frames.length < n && r.lost.length === 0)
        await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
  return r;
}

async function transportError(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TransportError);
    return error as TransportError;
  }
  throw new Error('expected a TransportError');
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function service(): Promise<FakeService> {
  const s = await FakeService.start();
  cleanups.push(() => s.close());
  return s;
}

/** A TCP server that accepts and then says nothing: a websocket handshake that never completes. */
async function silentServer(): Promise<{ url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.resume(); // read (and drop) the upgrade request, so the client's FIN is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `ws://127.0.0.1:${port}/`, sockets };
}

describe('WebSocketLink frames (spec §1: Go parses text and binary frames alike)', () => {
  it('hands on a text frame holding invalid UTF-8 as bytes, and the connection stays up', async () => {
    const s = await service();
    const events = recorder();
    const link = await WebSocketLink.connect({ url: s.url }, events);
    cleanups.push(() => link.close());
    const connection = await s.connection(0);
    // 0xff and 0xc0 can never appear in UTF-8: ws would close with 1007 without skipUTF8Validation.
    const bytes = Buffer.from([0x00, 0x00, 0x00, 0x74, 0xff, 0xc0, 0x80, 0x41]);
    connection.send(bytes, false);
    connection.send(Buffer.from('after'), true);
    await events.frameCount(2);
    expect(events.lost).toEqual([]);
    expect(events.frames).toEqual([bytes, Buffer.from('after')]);
    expect(link.open).toBe(true);
  });

  it('sends the OpenDataChannel text and binary frames, and reports a loss with code connection-lost', async () => {
    const s = await service();
    const events = recorder();
    const link = await WebSocketLink.connect({ url: s.url }, events);
    expect(link.sendText('{"MessageSchemaVersion":"1.0"}')).toBe(true);
    const connection = await s.connection(0);
    await connection.until(() => connection.open !== undefined);
    connection.drop();
    await events.frameCount(1);
    expect(events.lost.map((e) => e.code)).toEqual(['connection-lost']);
    expect(link.open).toBe(false);
    expect(link.sendBinary(Buffer.from('x'))).toBe(false);
    expect(link.sendText('x')).toBe(false);
  });

  it('our own close() is not reported as a loss', async () => {
    const s = await service();
    const events = recorder();
    const link = await WebSocketLink.connect({ url: s.url }, events);
    const connection = await s.connection(0);
    link.close();
    await connection.until(() => connection.closed);
    expect(events.lost).toEqual([]);
  });

  it('pauseReading stops reading (the server queues: TCP backpressure) and resuming delivers everything', async () => {
    const s = await service();
    const events = recorder();
    const link = await WebSocketLink.connect({ url: s.url }, events);
    cleanups.push(() => link.close());
    const connection = await s.connection(0);
    link.pauseReading(true);
    const chunk = Buffer.alloc(64 * 1024, 7);
    // Send until the server's own queue holds 1 MiB: that happens only once the kernel buffers on both
    // ends are full, i.e. only if we really stopped reading (however large the buffers are here). A
    // client still reading would drain it and the cap would fail the test.
    let count = 0;
    while (connection.socket.bufferedAmount <= 1024 * 1024) {
      expect(count, 'the server queue never filled: the client kept reading').toBeLessThan(4096);
      connection.send(chunk);
      count++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(events.frames.length).toBeLessThan(count);
    link.pauseReading(false);
    await events.frameCount(count);
    expect(events.frames).toHaveLength(count);
  });
});

describe('WebSocketLink.connect failures carry codes', () => {
  it('unexpected-response: the upgrade is answered with an HTTP status', async () => {
    const s = await FakeService.start({ verifyClient: (done) => done(false, 403) });
    cleanups.push(() => s.close());
    const error = await transportError(WebSocketLink.connect({ url: s.url }, recorder()));
    expect(error.code).toBe('unexpected-response');
    expect(error.message).toContain('403');
  });

  it('dial-failed: nothing listens (a unix socket path that does not exist)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'link-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const error = await transportError(
      WebSocketLink.connect({ url: `ws+unix://${join(dir, 'none.sock')}:/v1/data-channel/x` }, recorder()),
    );
    expect(error.code).toBe('dial-failed');
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('invalid-url: not a websocket URL', async () => {
    const error = await transportError(WebSocketLink.connect({ url: 'ftp://example.com/' }, recorder()));
    expect(error.code).toBe('invalid-url');
  });

  it('handshake-timeout: the server accepts TCP but never answers the upgrade; the socket is closed', async () => {
    const silent = await silentServer();
    const error = await transportError(
      WebSocketLink.connect({ url: silent.url, handshakeTimeoutMs: 100 }, recorder()),
    );
    expect(error.code).toBe('handshake-timeout');
    await closed(silent.sockets[0]);
  });

  it('aborted: the signal fires while connecting (or before); the pending socket is closed', async () => {
    const silent = await silentServer();
    const controller = new AbortController();
    const pending = WebSocketLink.connect({ url: silent.url }, recorder(), controller.signal);
    await waitUntil(() => silent.sockets.length > 0);
    controller.abort();
    expect((await transportError(pending)).code).toBe('aborted');
    await closed(silent.sockets[0]);
    expect(
      (await transportError(WebSocketLink.connect({ url: silent.url }, recorder(), controller.signal))).code,
    ).toBe('aborted');
  });
});

function closed(socket: Socket | undefined): Promise<void> {
  if (!socket) throw new Error('no socket was accepted');
  return new Promise((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
}

/** Waits for a condition that no event announces (the server's queue, a socket accepted elsewhere). */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
