import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { CLI_MAIN, cliHome, runCli, type CliHome } from './support/cli-env.js';
import { startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

const SERIAL = 'arn:aws:iam::111122223333:mfa/e2e-user';
const ACCEPTED_CODE = '123456'; // what the emulator's MFA devices accept (docs/emulator.md)
const PROMPT = `Enter MFA code for ${SERIAL}: `;
const STANDALONE_CODE = /(?<!\d)123456(?!\d)/;

// Issue 4 §1: an assume-role profile with mfa_serial asks the code on the terminal, through the built CLI.
describe('ssm-desk with an MFA assume-role profile', () => {
  let emulator: Emulator;
  let home: CliHome;
  beforeAll(async () => {
    emulator = await startEmulator();
    home = cliHome(emulator.endpoint);
    // The emulator requires MFA for roles whose name contains "mfa".
    appendFileSync(
      home.env.AWS_CONFIG_FILE as string,
      [
        '[profile mfa]',
        'role_arn = arn:aws:iam::111122223333:role/E2EMfaAdmin',
        'source_profile = static',
        `mfa_serial = ${SERIAL}`,
        'region = us-east-1',
        '[profile mfa-missing-serial]',
        'role_arn = arn:aws:iam::111122223333:role/E2EMfaAdmin',
        'source_profile = static',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => emulator?.close());

  const cli = () => `${process.execPath} ${CLI_MAIN}`;
  const modes = `echo "MODES=$(stty -a | grep -oE -- '-?(icanon|echo)( |$)' | tr -d ' ' | tr '\\n' ,)"`;
  const promptLine = (screen: string) => screen.split('\n').find((line) => line.startsWith('Enter MFA code'));

  it('ls: the code is asked on the terminal (not echoed), then the listing runs as the role', async () => {
    const out = join(home.home, 'ls-mfa.json');
    const terminal = TmuxTerminal.start(
      `${cli()} ls --profile mfa --endpoint-url ${emulator.endpoint} --json --log-level debug > ${out}; echo "CLI-EXIT=$?"; ${modes}; sleep 600`,
      { env: home.env },
    );
    try {
      await terminal.waitFor(/Enter MFA code for \S+: $/m);
      expect(promptLine(terminal.capture())?.trimEnd()).toBe(PROMPT.trimEnd());
      terminal.type(ACCEPTED_CODE, true);
      const screen = await terminal.waitFor(/MODES=\S*/);
      expect(screen).toMatch(/CLI-EXIT=0/);
      expect(screen).toMatch(/^MODES=icanon,echo,$/m); // raw mode for the hidden input was undone
      expect(promptLine(screen)?.trimEnd()).toBe(PROMPT.trimEnd()); // nothing typed is shown
      expect(screen).not.toMatch(STANDALONE_CODE);
      const records = JSON.parse(readFileSync(out, 'utf8')) as Array<{ name?: string; profile?: string }>;
      expect(records.map((r) => r.name).sort()).toEqual([
        'bastion',
        'batch-worker',
        'db-primary',
        'web-1',
        'web-2',
      ]);
      expect(records.every((r) => r.profile === 'mfa')).toBe(true);
      // The log (debug level, SDK lines included) never holds the code.
      const log = join(home.logDir, 'ssm-desk.log');
      expect(existsSync(log)).toBe(true);
      expect(readFileSync(log, 'utf8')).not.toMatch(STANDALONE_CODE);
    } finally {
      terminal.kill();
    }
  });

  it('exec: the session is opened with the MFA role’s credentials', async () => {
    const terminal = TmuxTerminal.start(
      `${cli()} exec web-1 --profile mfa --endpoint-url ${emulator.endpoint} -- echo ran-as-role; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env },
    );
    try {
      await terminal.waitFor(/Enter MFA code for \S+: $/m);
      terminal.type(ACCEPTED_CODE, true);
      const screen = await terminal.waitFor(/CLI-EXIT=\d+/);
      expect(screen).toMatch(/^ran-as-role$/m);
      expect(screen).toMatch(/CLI-EXIT=0/);
      const owners = emulator.sessions.list().map((s) => s.owner);
      expect(owners).toContainEqual(
        expect.stringMatching(/^arn:aws:sts::111122223333:assumed-role\/E2EMfaAdmin\//),
      );
    } finally {
      terminal.kill();
    }
  });

  it('a wrong code: one clear line and exit 1', async () => {
    const terminal = TmuxTerminal.start(
      `${cli()} ls --profile mfa --endpoint-url ${emulator.endpoint}; echo "CLI-EXIT=$?"; sleep 600`,
      { env: home.env },
    );
    try {
      await terminal.waitFor(/Enter MFA code for \S+: $/m);
      terminal.type('654321', true);
      const screen = await terminal.waitFor(/CLI-EXIT=\d+/);
      expect(screen).toMatch(/CLI-EXIT=1/);
      const lines = screen.split('\n').filter((line) => line.trim() !== '');
      expect(lines.filter((line) => line.startsWith('ssm-desk:'))).toEqual([
        'ssm-desk: the MFA code for profile mfa was not accepted: MultiFactorAuthentication failed with invalid MFA one time pass code.',
      ]);
      expect(screen).not.toMatch(/\n\s+at /);
      expect(screen).not.toContain('654321');
    } finally {
      terminal.kill();
    }
  });

  it('Ctrl-C at the prompt cancels with status 130 and restores the terminal', async () => {
    const terminal = TmuxTerminal.start(
      `${cli()} ls --profile mfa --endpoint-url ${emulator.endpoint}; echo "CLI-EXIT=$?"; ${modes}; sleep 600`,
      { env: home.env },
    );
    try {
      await terminal.waitFor(/Enter MFA code for \S+: $/m);
      terminal.type('12');
      terminal.keys('C-c');
      const screen = await terminal.waitFor(/MODES=\S*/);
      expect(screen).toMatch(/CLI-EXIT=130/);
      expect(screen).toMatch(/^ssm-desk: cancelled at the MFA prompt$/m);
      expect(screen).toMatch(/^MODES=icanon,echo,$/m);
    } finally {
      terminal.kill();
    }
  });

  it('without a terminal it fails at once with one line saying an MFA code is needed', async () => {
    const started = Date.now();
    const result = await runCli(
      ['ls', '--profile', 'mfa', '--endpoint-url', emulator.endpoint],
      home.env,
      '',
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ssm-desk: profile mfa needs an MFA code for ${SERIAL}, and there is no terminal to type it on (stdin is not a terminal)\n`,
    );
    // Also when stdin stays open (a pipe nobody writes to): no waiting for input that never comes.
    const open = await runCli(
      ['exec', 'web-1', '--profile', 'mfa', '--endpoint-url', emulator.endpoint, '--', 'true'],
      home.env,
    );
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/^ssm-desk: profile mfa needs an MFA code for \S+, and there is no terminal/);
  });

  it('a role that requires MFA, from a profile without mfa_serial, says what to add', async () => {
    const result = await runCli(
      ['ls', '--profile', 'mfa-missing-serial', '--endpoint-url', emulator.endpoint, '--json'],
      home.env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('set mfa_serial in the profile');
    expect(result.stderr).toContain(
      'is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/E2EMfaAdmin',
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
