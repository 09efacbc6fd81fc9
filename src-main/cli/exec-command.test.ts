import { describe, expect, it } from 'vitest';
import { remoteCommandLine } from './exec-command.js';

describe('remoteCommandLine', () => {
  it('wraps the joined words in sh -c with single quotes escaped', () => {
    expect(remoteCommandLine(['echo', 'a;', 'exit', '3'], false)).toBe("sh -c 'echo a; exit 3'");
    expect(remoteCommandLine(["echo 'x'"], false)).toBe(`sh -c 'echo '\\''x'\\'''`);
  });
  it('leaves Windows command lines alone', () => {
    expect(remoteCommandLine(['Get-Date;', 'exit 3'], true)).toBe('Get-Date; exit 3');
  });
});
