import { describe, expect, it } from 'vitest';
import { SESSION_DOCUMENTS, findSessionDocument, resolveSessionParameters } from './session-documents.js';

function doc(name: string) {
  const found = findSessionDocument(name);
  if (!found) throw new Error(`no document ${name}`);
  return found;
}

describe('session documents', () => {
  it('knows the AWS-owned session documents', () => {
    expect(SESSION_DOCUMENTS.map((d) => d.name)).toEqual([
      'SSM-SessionManagerRunShell',
      'AWS-StartInteractiveCommand',
      'AWS-StartNonInteractiveCommand',
      'AWS-StartPortForwardingSession',
      'AWS-StartPortForwardingSessionToRemoteHost',
      'AWS-StartPortForwardingSessionToSocket',
      'AWS-StartSSHSession',
    ]);
    expect(findSessionDocument('AWS-StartSshSession')).toBeUndefined();
  });

  it('applies defaults and substitutes placeholders in nested properties', () => {
    const result = resolveSessionParameters(doc('AWS-StartNonInteractiveCommand'), { command: ['uname -a'] });
    expect(result).toEqual({
      ok: true,
      parameters: {
        command: ['uname -a'],
        separateOutputStream: ['true'],
        stdoutSeparatorPrefix: [''],
        stderrSeparatorPrefix: [''],
      },
      properties: expect.objectContaining({
        linux: {
          commands: 'uname -a',
          runAsElevated: false,
          separateOutputStream: 'true',
          stdOutSeparatorPrefix: '',
          stdErrSeparatorPrefix: '',
        },
      }),
    });
    const ssh = resolveSessionParameters(doc('AWS-StartSSHSession'), {});
    expect(ssh).toEqual({ ok: true, parameters: { portNumber: ['22'] }, properties: { portNumber: '22' } });
  });

  it('accepts placeholders without inner spaces', () => {
    const custom = {
      ...doc('AWS-StartSSHSession'),
      properties: { a: ['{{portNumber}}', 'x{{  portNumber }}y'] },
    };
    expect(resolveSessionParameters(custom, { portNumber: ['2222'] })).toMatchObject({
      ok: true,
      properties: { a: ['2222', 'x2222y'] },
    });
  });

  it('rejects missing, unknown and pattern-violating parameters', () => {
    expect(resolveSessionParameters(doc('AWS-StartInteractiveCommand'), {})).toEqual({
      ok: false,
      message: 'Parameters required: command are not present. Provide values for all required parameters.',
    });
    const unknown = resolveSessionParameters(doc('AWS-StartSSHSession'), { port: ['22'] });
    expect(unknown.ok).toBe(false);
    const prefix = resolveSessionParameters(doc('AWS-StartNonInteractiveCommand'), {
      command: ['ls'],
      stdoutSeparatorPrefix: ['$(reboot)'],
    });
    expect(prefix).toMatchObject({ ok: false });
    expect(!prefix.ok && prefix.message).toContain('stdoutSeparatorPrefix');
  });
});
