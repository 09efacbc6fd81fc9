import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, cliHome, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

const LOST = /^ssm-desk: connection lost, reconnecting…\s*$/m;
const BACK = /^ssm-desk: reconnected \(after [\d.]+ (ms|s)\)\s*$/m;
const count = (screen: string, pattern: RegExp): number =>
  [...screen.matchAll(new RegExp(pattern.source, 'gm'))].length;

// Issue 8 §1: `ssm-desk connect` says when its connection is lost and when it is back, once per
// change (not once per retry), each on a line of its own in the raw-mode terminal.
describe('ssm-desk connect: one line per connection state change', () => {
  let emulator: Emulator;
  let home: CliHome;
  let shell: TmuxTerminal;

  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
    shell = TmuxTerminal.start(
      `${process.execPath} ${CLI_MAIN} connect web-1 --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env, cols: 120, rows: 40 },
    );
    await shell.waitFor(/[$#] $/m);
  });
  afterAll(async () => {
    shell?.kill();
    await emulator?.close();
  });

  it('a dropped socket: "connection lost" then "reconnected", each at the start of a line; the shell goes on', async () => {
    // The cursor stands after the prompt, mid-line: the notice must still start a line of its own.
    expect(count(shell.capture(), LOST)).toBe(0);
    expect(emulator.dropClientSockets()).toBeGreaterThan(0);
    const screen = await shell.waitFor(BACK);
    expect(count(screen, LOST)).toBe(1);
    expect(count(screen, BACK)).toBe(1);
    // The prompt line was left as it was, above the notices.
    expect(screen).toMatch(/[$#] ?\nssm-desk: connection lost, reconnecting…\s*\nssm-desk: reconnected/);
    shell.type('echo after-$((20+22))', true);
    await shell.waitFor(/^after-42\s*$/m);
  });

  it('an outage with failed attempts (ResumeSession refused for 3 s) is still one line each way', async () => {
    emulator.setRegionFailure('us-east-1', 'AccessDenied');
    try {
      expect(emulator.dropClientSockets()).toBeGreaterThan(0);
      await shell.waitFor(/reconnected[^]*connection lost, reconnecting…/);
      // The engine retries meanwhile (its first attempts come at once, then after 0.1–0.2 s, doubling).
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      emulator.setRegionFailure('us-east-1', undefined);
    }
    const screen = await shell.waitFor(
      /connection lost, reconnecting…\s*\nssm-desk: reconnected \(after [\d.]+ s\)/,
    );
    expect(count(screen, LOST)).toBe(2);
    expect(count(screen, BACK)).toBe(2);
    const outage = /connection lost, reconnecting…\s*\nssm-desk: reconnected \(after ([\d.]+) s\)\s*$/m.exec(
      screen.slice(screen.lastIndexOf('connection lost')),
    );
    // It lasted through the refused attempts, so it was one outage with retries inside it.
    expect(Number(outage?.[1])).toBeGreaterThanOrEqual(3);
    shell.type('echo still-$((40+2))', true);
    await shell.waitFor(/^still-42\s*$/m);
    shell.type('exit', true);
    await shell.waitFor(/CLI-EXIT=0/);
  });
});
