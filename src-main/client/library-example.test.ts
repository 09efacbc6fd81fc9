import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Emulator } from '../emulator/index.js';
import { createAwsContext, listInstances, resolveTarget, runCommand, startShell } from '../index.js';

const THIS_FILE = join(import.meta.dirname, 'library-example.test.ts');
const LIBRARY_DOC = join(import.meta.dirname, '..', '..', 'docs', 'library.md');

// The documented example (docs/library.md), verbatim between the markers.
// --- example start
async function example() {
  process.env.AWS_ACCESS_KEY_ID ??= 'demo'; // the emulator accepts any credentials
  process.env.AWS_SECRET_ACCESS_KEY ??= 'demo';
  const emulator = await Emulator.start(); // a free port on 127.0.0.1, the demo inventory
  try {
    const aws = await createAwsContext({ region: 'us-east-1', endpointUrl: emulator.endpoint });

    // Every instance in two regions, SSM and EC2 views merged.
    const { instances, errors } = await listInstances([aws, aws.inRegion('eu-west-1')]);

    // "web-1" is a Name tag; an id (i-…) or tag:Key=Value work too.
    const { candidates } = await resolveTarget([aws], 'web-1');
    const target = candidates[0]!.instanceId;

    // A command: stdout and stderr apart, the remote exit code as a number.
    const result = await runCommand(aws, { target, command: "sh -c 'echo hello; echo oops >&2; exit 3'" });

    // An interactive shell driven by a program (the desktop app's terminal tabs work this way).
    const shell = await startShell(aws, { target, size: { cols: 100, rows: 30 } });
    let screen = '';
    shell.on('output', (data) => (screen += data.toString()));
    shell.write('echo from-$((40+2))\r');
    while (!screen.includes('from-42')) await new Promise((resolve) => setTimeout(resolve, 50));
    shell.write('exit\r');
    const end = await shell.done;

    return { instances, errors, result, screen, end };
  } finally {
    await emulator.close();
  }
}
// --- example end

describe('docs/library.md example', () => {
  it('is the code in the docs, verbatim', () => {
    const source = readFileSync(THIS_FILE, 'utf8');
    const start = source.indexOf('// --- example start\n') + '// --- example start\n'.length;
    const code = source.slice(start, source.indexOf('// --- example end'));
    expect(readFileSync(LIBRARY_DOC, 'utf8')).toContain(code);
  });

  it('runs against an in-process emulator', async () => {
    const { instances, errors, result, screen, end } = await example();
    expect(errors).toEqual([]);
    expect(instances).toHaveLength(7);
    expect(result).toMatchObject({ stdout: 'hello\n', stderr: 'oops\n', exitCode: 3 });
    expect(screen).toContain('from-42');
    expect(end.kind).toBe('closed');
  });
});
