import { describe, expect, it } from 'vitest';
import { SMUX_HEADER_LENGTH, SmuxCommand, SmuxFrameReader, encodeSmuxFrame } from './smux-frame.js';
import { SmuxSession, type SmuxStream } from './smux-session.js';

function pair(options: { keepAlive?: boolean; chunk?: number } = {}) {
  let now = 0;
  const clientOut: Buffer[] = [];
  const serverOut: Buffer[] = [];
  const accepted: SmuxStream[] = [];
  const closes: string[] = [];
  const keepAlive = options.keepAlive ? { intervalMs: 10_000, timeoutMs: 30_000 } : (false as const);
  const client = new SmuxSession({
    role: 'client',
    write: (b) => clientOut.push(b),
    keepAlive,
    now: () => now,
    onClose: (r) => closes.push(`client:${r}`),
  });
  const server = new SmuxSession({
    role: 'server',
    write: (b) => serverOut.push(b),
    keepAlive,
    now: () => now,
    onStream: (s) => accepted.push(s),
    onClose: (r) => closes.push(`server:${r}`),
  });
  /** Moves bytes across, cut into pieces as the data channel would (≤1024 bytes). */
  const pump = (): void => {
    const size = options.chunk ?? 1024;
    for (const [out, to] of [
      [clientOut, server],
      [serverOut, client],
    ] as const) {
      const all = Buffer.concat(out.splice(0));
      for (let i = 0; i < all.length; i += size) to.receive(all.subarray(i, i + size));
    }
  };
  return {
    client,
    server,
    clientOut,
    serverOut,
    accepted,
    closes,
    pump,
    advance: (ms: number) => (now += ms),
  };
}

describe('smux frames (spec §7.3)', () => {
  it('encodes the 8-byte header with little-endian length and stream id', () => {
    const frame = encodeSmuxFrame(SmuxCommand.Psh, 0x01020304, Buffer.from('hi'));
    expect([...frame]).toEqual([1, 2, 2, 0, 4, 3, 2, 1, 0x68, 0x69]);
    expect(encodeSmuxFrame(SmuxCommand.Nop, 0).length).toBe(SMUX_HEADER_LENGTH);
    expect(() => encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.alloc(65536))).toThrow(
      expect.objectContaining({ name: 'ProtocolError', code: 'smux-frame-too-long' }),
    );
  });

  it('reassembles frames split at every byte boundary', () => {
    const bytes = Buffer.concat([
      encodeSmuxFrame(SmuxCommand.Syn, 3),
      encodeSmuxFrame(SmuxCommand.Psh, 3, Buffer.alloc(3000, 7)),
      encodeSmuxFrame(SmuxCommand.Fin, 3),
    ]);
    const reader = new SmuxFrameReader();
    const frames = [];
    for (const byte of bytes) frames.push(...reader.push(Buffer.from([byte])));
    expect(frames.map((f) => [f.command, f.streamId, f.data.length])).toEqual([
      [0, 3, 0],
      [2, 3, 3000],
      [1, 3, 0],
    ]);
    expect(reader.buffered).toBe(0);
  });
});

describe('SmuxSession', () => {
  it('numbers client streams 3, 5, 7 and server streams 2, 4', () => {
    const { client, server } = pair();
    expect([client.openStream().id, client.openStream().id, client.openStream().id]).toEqual([3, 5, 7]);
    expect([server.openStream().id, server.openStream().id]).toEqual([2, 4]);
  });

  it('carries data both ways over 1024-byte pieces and splits writes into 32768-byte frames', () => {
    const { client, clientOut, accepted, pump } = pair();
    const stream = client.openStream();
    const big = Buffer.alloc(100_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    stream.write(big);
    const frames = new SmuxFrameReader().push(Buffer.concat(clientOut));
    expect(frames.map((f) => f.data.length)).toEqual([0, 32768, 32768, 32768, 1696]);
    pump();
    const server = accepted[0] as SmuxStream;
    const received: Buffer[] = [];
    server.onData = (c) => received.push(c);
    // Data arrived with the SYN in the same pump, before onData was set: send again to check order.
    stream.write(big);
    pump();
    expect(Buffer.concat(received).equals(big)).toBe(true);
    const back: Buffer[] = [];
    stream.onData = (c) => back.push(c);
    server.write(Buffer.from('pong'));
    pump();
    expect(Buffer.concat(back).toString()).toBe('pong');
  });

  it('ends both sides on FIN and drops data for unknown streams', () => {
    const { client, accepted, pump } = pair();
    const stream = client.openStream();
    pump();
    const server = accepted[0] as SmuxStream;
    let clientSawClose = false;
    stream.onClose = () => (clientSawClose = true);
    server.close();
    pump();
    expect(clientSawClose).toBe(true);
    expect(stream.isClosed).toBe(true);
    expect(client.streamCount).toBe(0);
    client.receive(encodeSmuxFrame(SmuxCommand.Psh, 99, Buffer.from('x')));
    expect(client.isClosed).toBe(false);
  });

  it('closes on a wrong protocol version or unknown command', () => {
    const { client, closes } = pair();
    client.receive(Buffer.from([2, 3, 0, 0, 0, 0, 0, 0]));
    expect(closes).toEqual(['client:smux: invalid protocol version 2']);
    const other = pair();
    other.client.receive(encodeSmuxFrame(4 as SmuxCommand, 0));
    expect(other.closes).toEqual(['client:smux: invalid command 4']);
  });

  it('sends NOP every interval and closes after a silent timeout period when keepalive is on', () => {
    const { client, clientOut, closes, advance } = pair({ keepAlive: true });
    advance(10_000);
    client.tick();
    expect(new SmuxFrameReader().push(Buffer.concat(clientOut.splice(0)))[0]?.command).toBe(SmuxCommand.Nop);
    advance(20_000);
    client.tick();
    expect(closes).toEqual(['client:smux keepalive timeout']);
  });

  it('stays open when frames keep arriving, and never sends NOP with keepalive off', () => {
    const ka = pair({ keepAlive: true });
    for (let i = 0; i < 10; i++) {
      ka.advance(10_000);
      ka.client.receive(encodeSmuxFrame(SmuxCommand.Nop, 0));
      ka.client.tick();
    }
    expect(ka.closes).toEqual([]);
    const off = pair();
    off.advance(3_600_000);
    off.client.tick();
    expect(off.clientOut).toEqual([]);
    expect(off.closes).toEqual([]);
  });

  it('refuses streams when nobody accepts them and fails openStream after close', () => {
    const { client, clientOut } = pair();
    const serverOut: Buffer[] = [];
    const server = new SmuxSession({
      role: 'server',
      write: (b) => serverOut.push(b),
      keepAlive: false,
      now: () => 0,
    });
    server.receive(encodeSmuxFrame(SmuxCommand.Syn, 3));
    expect(new SmuxFrameReader().push(Buffer.concat(serverOut))[0]?.command).toBe(SmuxCommand.Fin);
    client.close('bye');
    expect(() => client.openStream()).toThrow(
      expect.objectContaining({
        name: 'ProtocolError',
        code: 'smux-session-closed',
        message: 'smux session closed: bye',
      }),
    );
    expect(clientOut).toEqual([]);
  });
});
