import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PayloadType } from '../protocol/codec/message-type.js';
import type { SessionTypeContext } from './session-type.js';
import { ShellSession } from './shell-session.js';
import type { TerminalIO } from './terminal-io.js';

/** An in-memory terminal: the engine's TerminalIO has no process behind it here. */
function memoryTerminal(): TerminalIO & { type(text: string): void } {
  let onData: (chunk: Buffer) => void = () => undefined;
  return {
    start: (data) => (onData = data),
    write: () => true,
    drained: () => Promise.resolve(),
    size: () => ({ cols: 100, rows: 30 }),
    onResize: () => undefined,
    pauseInput: () => undefined,
    resumeInput: () => undefined,
    restore: () => undefined,
    type: (text) => onData(Buffer.from(text)),
  };
}

function recordingContext(sent: Array<{ type: number; payload: string }>): SessionTypeContext {
  return {
    sessionId: 's',
    targetId: 'i-1',
    agentVersion: '3.3.0.0',
    properties: null,
    send: (type, payload) => {
      sent.push({ type, payload: Buffer.from(payload).toString() });
      return true;
    },
    writable: () => Promise.resolve(),
    acknowledged: () => Promise.resolve(),
    resumeDelivery: () => undefined,
    end: () => undefined,
    terminateSession: () => Promise.resolve(),
    diagnostic: () => undefined,
  };
}

const sessions: ShellSession[] = [];
beforeEach(() => {
  // Fake timers (Date included: the keepalive measures idle time with Date.now) instead of sleeps.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  sessions.splice(0).forEach((s) => s.dispose());
  vi.useRealTimers();
});

describe('ShellSession keepalive', () => {
  it('sends the size once at start and never again without the option', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    sessions.push(new ShellSession(recordingContext(sent), memoryTerminal()));
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([{ type: PayloadType.Size, payload: '{"cols":100,"rows":30}' }]);
  });

  it('repeats the size after keepAliveMs without input, and only then', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    sessions.push(new ShellSession(recordingContext(sent), memoryTerminal(), { keepAliveMs: 3_000 }));
    const sizes = (): string[] => sent.filter((m) => m.type === PayloadType.Size).map((m) => m.payload);
    vi.advanceTimersByTime(2_999);
    expect(sizes()).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(sizes()).toHaveLength(2);
    vi.advanceTimersByTime(3_000);
    expect(sizes()).toEqual(Array(3).fill('{"cols":100,"rows":30}'));
  });

  it('input postpones the keepalive', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    sessions.push(new ShellSession(recordingContext(sent), terminal, { keepAliveMs: 2_000 }));
    for (let i = 0; i < 25; i++) {
      terminal.type('x');
      vi.advanceTimersByTime(100);
    }
    expect(sent.filter((m) => m.type === PayloadType.Size)).toHaveLength(1);
    expect(sent.filter((m) => m.type === PayloadType.Output)).toHaveLength(25);
    // The keepalive checks once a second: it fires at the first check 2 s after the last input.
    vi.advanceTimersByTime(1_500);
    expect(sent.filter((m) => m.type === PayloadType.Size)).toHaveLength(1);
    vi.advanceTimersByTime(1_000);
    expect(sent.filter((m) => m.type === PayloadType.Size)).toHaveLength(2);
  });

  it('dispose() leaves no timer behind (size poll and keepalive) and restores the terminal', () => {
    const terminal = memoryTerminal();
    let restored = 0;
    terminal.restore = () => restored++;
    const session = new ShellSession(recordingContext([]), terminal, { keepAliveMs: 1_000 });
    expect(vi.getTimerCount()).toBe(2);
    session.dispose();
    session.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(restored).toBe(1);
  });
});

describe('ShellSession terminal size and input (spec §7.2)', () => {
  it('polls the size every 500 ms as a fallback, sends it only when it changed, and 300×100 when unknown', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    let size: { cols: number; rows: number } | undefined = { cols: 100, rows: 30 };
    terminal.size = () => size;
    sessions.push(new ShellSession(recordingContext(sent), terminal));
    size = { cols: 120, rows: 40 };
    vi.advanceTimersByTime(499);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    size = undefined;
    vi.advanceTimersByTime(500);
    expect(sent.map((m) => m.payload)).toEqual([
      '{"cols":100,"rows":30}',
      '{"cols":120,"rows":40}',
      '{"cols":300,"rows":100}',
    ]);
  });

  it('a resize event is sent at once', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    let onResize: () => void = () => undefined;
    let size = { cols: 100, rows: 30 };
    terminal.onResize = (listener) => (onResize = listener);
    terminal.size = () => size;
    sessions.push(new ShellSession(recordingContext(sent), terminal));
    size = { cols: 80, rows: 24 };
    onResize();
    expect(sent.map((m) => m.payload)).toEqual(['{"cols":100,"rows":30}', '{"cols":80,"rows":24}']);
  });

  it('splits input into 1024-byte payloads and rewrites a lone LF to CR', () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    sessions.push(new ShellSession(recordingContext(sent), terminal));
    terminal.type('\n');
    terminal.type('a'.repeat(2050));
    const output = sent.filter((m) => m.type === PayloadType.Output).map((m) => m.payload);
    expect(output.map((p) => p.length)).toEqual([1, 1024, 1024, 2]);
    expect(output[0]).toBe('\r');
  });

  it('pauses terminal input while the window is full and resumes it once writable', async () => {
    const terminal = memoryTerminal();
    const calls: string[] = [];
    terminal.pauseInput = () => calls.push('pause');
    terminal.resumeInput = () => calls.push('resume');
    let release!: () => void;
    const context = recordingContext([]);
    context.send = () => false;
    context.writable = () => new Promise<void>((resolve) => (release = resolve));
    sessions.push(new ShellSession(context, terminal));
    terminal.type('x');
    expect(calls).toEqual(['pause']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('output the terminal cannot take yet is answered with its drained() promise (flow control)', async () => {
    const terminal = memoryTerminal();
    let release!: () => void;
    const drained = new Promise<void>((resolve) => (release = resolve));
    const written: string[] = [];
    terminal.write = (data) => {
      written.push(Buffer.from(data).toString());
      return false;
    };
    terminal.drained = () => drained;
    const session = new ShellSession(recordingContext([]), terminal);
    sessions.push(session);
    const message = {
      payloadType: PayloadType.Output,
      payload: Buffer.from('out'),
    } as unknown as Parameters<ShellSession['deliver']>[0];
    const result = session.deliver(message);
    expect(result).toBe(drained);
    expect(written).toEqual(['out']);
    release();
    await expect(result).resolves.toBeUndefined();
  });

  it('end of terminal input ends the session as input-ended', () => {
    let onEnd: (reason: string) => void = () => undefined;
    const terminal = memoryTerminal();
    terminal.start = (_data, end) => (onEnd = end);
    const ends: unknown[] = [];
    const context = recordingContext([]);
    context.end = (end) => ends.push(end);
    sessions.push(new ShellSession(context, terminal));
    onEnd('EOF');
    expect(ends).toEqual([{ kind: 'input-ended', reason: 'EOF' }]);
  });
});
