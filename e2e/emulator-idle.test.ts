import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/index.js';
import { CLI_MAIN, cliHome, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

/** The service's own words when it ends an idle session (src-main/emulator/relay/idle-timeout.ts). */
const IDLE_TEXT = 'Your session timed out due to inactivity and has been terminated.';
const IDLE_SECONDS = 3;

// Issue 8 §5: the emulator enforces the idle session timeout as the service does, so the CLI's
// --keepalive can be shown to matter: without it an idle shell ends with the service's text, with it
// the shell stays up past several timeouts.
describe('idle session timeout through ssm-desk connect (tmux)', () => {
  let emulator: Emulator;
  let home: CliHome;
  const cli = `${process.execPath} ${CLI_MAIN}`;

  beforeAll(async () => {
    emulator = await startEmulator((config) => {
      config.preferences.idleSessionTimeoutSeconds = IDLE_SECONDS;
    });
    home = cliHome(emulator.endpoint);
  });
  afterAll(async () => emulator?.close());

  const sessionOf = (screen: string) => {
    const sessionId = /Starting session with SessionId: (\S+)/.exec(screen)?.[1];
    return emulator.sessions.list().find((record) => record.sessionId === sessionId);
  };

  it('without keepalive, an idle shell is ended by the service and the CLI says why', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect web-1 --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env, cols: 120, rows: 30 },
    );
    try {
      const banner = await terminal.waitFor(/Starting session with SessionId: \S+/);
      await terminal.waitFor(/[$#] $/m);
      const screen = await terminal.waitFor(/CLI-EXIT=\d+/, (IDLE_SECONDS + 30) * 1000);
      expect(screen).toContain(IDLE_TEXT);
      expect(screen).toMatch(/CLI-EXIT=0/);
      expect(sessionOf(banner)?.status).toBe('Terminated');
    } finally {
      terminal.kill();
    }
  });

  it('with --keepalive 1, the shell stays up past three timeouts and still answers', async () => {
    const terminal = TmuxTerminal.start(
      `${cli} connect web-1 --keepalive 1 --endpoint-url ${emulator.endpoint} --profile static; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env, cols: 120, rows: 30 },
    );
    try {
      const banner = await terminal.waitFor(/Starting session with SessionId: \S+/);
      await terminal.waitFor(/[$#] $/m);
      // Not a wait for something to happen: the claim is that nothing ends the session for this long.
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 3 * 1000));
      expect(terminal.capture()).not.toContain(IDLE_TEXT);
      expect(sessionOf(banner)?.status).toBe('Connected');
      terminal.type('echo alive-$((6*7))', true);
      await terminal.waitFor(/^alive-42\s*$/m);
      terminal.type('exit', true);
      await terminal.waitFor(/CLI-EXIT=0/);
    } finally {
      terminal.kill();
    }
  });
});
