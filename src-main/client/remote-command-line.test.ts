import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { remoteCommandLine } from './remote-command-line.js';

/** Runs a command line as the agent would (split shell-style, run without a shell), here via sh. */
function runLikeTheAgent(line: string): { status: number | null; stdout: string } {
  const result = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('remoteCommandLine', () => {
  it('runs one word as a shell command line, in sh -c with single quotes escaped', () => {
    expect(remoteCommandLine(['echo a; exit 3'], false)).toBe("sh -c 'echo a; exit 3'");
    expect(remoteCommandLine(["echo 'x'"], false)).toBe(`sh -c 'echo '\\''x'\\'''`);
    expect(runLikeTheAgent(remoteCommandLine(['echo a; exit 3'], false))).toEqual({
      status: 3,
      stdout: 'a\n',
    });
  });

  it('runs several words as an argv, each quoted: sh -c keeps its script whole (issue 8 §8)', () => {
    const line = remoteCommandLine(['sh', '-c', 'echo out; exit 4'], false);
    expect(line).toBe(`sh -c 'sh -c '\\''echo out; exit 4'\\'''`);
    expect(runLikeTheAgent(line)).toEqual({ status: 4, stdout: 'out\n' });
    expect(runLikeTheAgent(remoteCommandLine(['printf', '%s|', 'a b', "it's", '', '$HOME'], false))).toEqual({
      status: 0,
      stdout: "a b|it's||$HOME|",
    });
  });

  it('leaves a Windows command line alone and calls an argv with &', () => {
    expect(remoteCommandLine(['Get-Date; exit 3'], true)).toBe('Get-Date; exit 3');
    expect(remoteCommandLine(['Write-Output', "it's here"], true)).toBe("& Write-Output 'it''s here'");
  });
});
