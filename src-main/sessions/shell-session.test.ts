import { afterEach, describe, expect, it } from 'vitest';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sessions: ShellSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

describe('ShellSession keepalive', () => {
  it('sends the size once at start and never again without the option', async () => {
    const sent: Array<{ type: number; payload: string }> = [];
    sessions.push(new ShellSession(recordingContext(sent), memoryTerminal()));
    await sleep(1_200);
    expect(sent).toEqual([{ type: PayloadType.Size, payload: '{"cols":100,"rows":30}' }]);
  });

  it('repeats the size after keepAliveMs without input', async () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    sessions.push(new ShellSession(recordingContext(sent), terminal, { keepAliveMs: 300 }));
    await sleep(1_150);
    const sizes = sent.filter((m) => m.type === PayloadType.Size);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sizes.map((m) => m.payload))).toEqual(new Set(['{"cols":100,"rows":30}']));
  });

  it('input postpones the keepalive', async () => {
    const sent: Array<{ type: number; payload: string }> = [];
    const terminal = memoryTerminal();
    sessions.push(new ShellSession(recordingContext(sent), terminal, { keepAliveMs: 2_000 }));
    for (let i = 0; i < 25; i++) {
      terminal.type('x');
      await sleep(100);
    }
    expect(sent.filter((m) => m.type === PayloadType.Size)).toHaveLength(1);
    expect(sent.filter((m) => m.type === PayloadType.Output)).toHaveLength(25);
  });
});
