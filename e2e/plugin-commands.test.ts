import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { awsCliEnvironment, findAwsClis } from './support/aws-cli.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { TmuxTerminal } from './support/tmux.js';

const v2 = findAwsClis().find((cli) => cli.label === 'v2');

/** Runs a command with stdin held open (as a terminal would be) and collects its output. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('issue 2 §7c: AWS-StartNonInteractiveCommand through the AWS CLI v2', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => emulator?.close());

  it('prints stdout, stderr and the exit code, then exits 0', async () => {
    expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
    const instance = linuxInstance(emulator);
    const result = await run(
      v2?.path ?? 'aws',
      [
        'ssm',
        'start-session',
        '--target',
        instance.instanceId,
        '--endpoint-url',
        emulator.endpoint,
        '--region',
        'us-east-1',
        '--document-name',
        'AWS-StartNonInteractiveCommand',
        '--parameters',
        JSON.stringify({ command: ['sh -c "echo out-1; echo err-2 >&2; exit 3"'] }),
      ],
      awsCliEnvironment(emulator.endpoint),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const match =
      /\nStarting session with SessionId: (\S+)\n([\s\S]*)\n\nExiting session with sessionId: (\S+)\.\n\n$/.exec(
        result.stdout,
      );
    expect(match, result.stdout).not.toBeNull();
    // The plugin writes every payload to stdout as the Go plugin does: Output, StdErr, then ExitCode.
    expect(match?.[2]).toBe('out-1\nerr-2\nEXIT_CODE: 3');
    expect(match?.[3]).toBe(match?.[1]);
  });
});

describe('issue 2 §7d: 10,000 lines through drops, duplicates, reordering and socket kills', () => {
  let emulator: Emulator;
  const logLines: string[] = [];
  beforeAll(async () => {
    emulator = await startEmulator(
      (config) => {
        config.faults = { dropPercent: 5, duplicatePercent: 5, reorderPercent: 5, killEverySeconds: 10 };
      },
      (line) => logLines.push(line),
    );
  });
  afterAll(async () => emulator?.close());

  it('every numbered line arrives exactly once and in order', async () => {
    expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
    const instance = linuxInstance(emulator);
    const output = join(mkdtempSync(join(tmpdir(), 'ssm-desk-faults-')), 'session.txt');
    const terminal = TmuxTerminal.start(
      `${v2?.path} ssm start-session --target ${instance.instanceId} --endpoint-url ${emulator.endpoint} --region us-east-1 | tee ${output}; sleep 600`,
      { env: awsCliEnvironment(emulator.endpoint) },
    );
    try {
      await terminal.waitFor(/[$#] $/m, 60_000);
      // Paced so that the output spans several socket kills (one every 10 s): about 25 s in all.
      terminal.type(
        'i=1; while [ $i -le 10000 ]; do echo "line-$i"; [ $((i % 400)) -eq 0 ] && sleep 1; i=$((i+1)); done; echo "DONE-$((6*7))"',
        true,
      );
      await terminal.waitFor(/^DONE-42/m, 240_000);
      terminal.type('exit', true);
      await terminal.waitFor(/Exiting session with sessionId/, 60_000);
    } finally {
      terminal.kill();
    }
    const numbers = readFileSync(output, 'utf8')
      .split(/\r?\n/)
      .map((line) => /^line-(\d+)\r?$/.exec(line)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
    expect(numbers.length).toBe(10_000);
    expect(numbers.every((n, i) => n === i + 1)).toBe(true);
    const opened = logLines.filter((line) => line.endsWith('data channel opened')).length;
    expect(opened, 'the socket was killed and the session resumed at least twice').toBeGreaterThanOrEqual(3);
  });
});
