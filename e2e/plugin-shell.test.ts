import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis, type AwsCli } from './support/aws-cli.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

// Issue 2 §7a/b: the real AWS CLIs run an interactive shell through our plugin against the emulator.
const clis = findAwsClis();

describe('AWS CLIs with our session-manager-plugin', () => {
  it('finds both AWS CLIs (v1 from Python, v2 from Debian awscli)', () => {
    expect(clis.map((cli) => cli.label)).toEqual(['v1', 'v2']);
  });

  let emulator: Emulator;
  let kmsEmulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    kmsEmulator = await startEmulator((config) => {
      config.preferences.kmsKeyId = 'alias/ssm-desk-e2e';
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await kmsEmulator?.close();
  });

  function startShell(cli: AwsCli, target: Emulator): TmuxTerminal {
    const instance = linuxInstance(target);
    const command =
      `${cli.path} ssm start-session --target ${instance.instanceId} --endpoint-url ${target.endpoint} --region us-east-1;` +
      ` echo "PLUGIN-EXIT=$?"; echo "MODES=$(stty -a | grep -oE -- '-?(icanon|echo)( |$)' | tr -d ' ' | tr '\\n' ,)"; sleep 600`;
    return TmuxTerminal.start(command, { env: awsCliEnvironment(target.endpoint), cols: 120, rows: 40 });
  }

  for (const label of ['v1', 'v2'] as const) {
    it(`${label}: prompt, command output, resize, exit text, exit 0 and a restored terminal`, async () => {
      const cli = clis.find((c) => c.label === label);
      expect(cli, `AWS CLI ${label} is installed`).toBeDefined();
      if (!cli) return;
      const terminal = startShell(cli, emulator);
      try {
        await terminal.waitFor(/Starting session with SessionId: \S+/);
        await terminal.waitFor(/[$#] $/m);
        terminal.type('echo hello-$((6*7))', true);
        await terminal.waitFor(/^hello-42$/m);
        terminal.type('stty size', true);
        await terminal.waitFor(/^40 120$/m);
        terminal.resize(97, 31);
        // The plugin hears SIGWINCH and sends the size; ask the remote pty until it has arrived.
        await terminal.runUntil('stty size', /^31 97$/m);
        terminal.type('exit', true);
        const screen = await terminal.waitFor(/MODES=\S*/);
        expect(screen).toMatch(/\n\nExiting session with sessionId: \S+\.\n\n/);
        expect(screen).toMatch(/PLUGIN-EXIT=0/);
        // stty -a after the plugin: canonical mode and echo are back on.
        expect(screen).toMatch(/^MODES=icanon,echo,$/m);
      } finally {
        terminal.kill();
      }
    });

    it(`${label}: KMS-encrypted session prints the notice and carries bytes both ways`, async () => {
      const cli = clis.find((c) => c.label === label);
      expect(cli).toBeDefined();
      if (!cli) return;
      const terminal = startShell(cli, kmsEmulator);
      try {
        await terminal.waitFor(/This session is encrypted using AWS KMS\./);
        await terminal.waitFor(/[$#] $/m);
        terminal.type('printf "%s-%s\\n" secret $((40+2))', true);
        await terminal.waitFor(/^secret-42$/m);
        terminal.type('exit', true);
        const screen = await terminal.waitFor(/PLUGIN-EXIT=\d+/);
        expect(screen).toMatch(/PLUGIN-EXIT=0/);
      } finally {
        terminal.kill();
      }
    });
  }
});
