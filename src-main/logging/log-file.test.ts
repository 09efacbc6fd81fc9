import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, LogFile, logDirectory } from './log-file.js';

describe('logDirectory', () => {
  it('prefers SSM_DESK_LOG_DIR, then XDG_STATE_HOME, then ~/.local/state', () => {
    expect(logDirectory({ SSM_DESK_LOG_DIR: '/x/logs', XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/x/logs');
    expect(logDirectory({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/ssm-desk/logs');
    expect(logDirectory({ HOME: '/h' })).toBe('/h/.local/state/ssm-desk/logs');
  });
});

describe('LogFile', () => {
  it('writes redacted lines at or above its level', () => {
    const directory = mkdtempSync(join(tmpdir(), 'ssm-desk-log-'));
    const log = new LogFile({ directory, level: 'info' });
    log.info('StartSession', { SessionId: 's-1', TokenValue: 'secret-token-1' });
    log.debug('not written');
    log.error('failed: x-amz-security-token: hdr-secret');
    const text = readFileSync(join(directory, LOG_FILE_NAME), 'utf8');
    expect(text).toContain('INFO');
    expect(text).toContain('s-1');
    expect(text).not.toContain('secret-token-1');
    expect(text).not.toContain('hdr-secret');
    expect(text).not.toContain('not written');
    expect(text.trim().split('\n')).toHaveLength(2);
  });

  it('rotates by size and keeps at most maxFiles files', () => {
    const directory = mkdtempSync(join(tmpdir(), 'ssm-desk-log-'));
    const log = new LogFile({ directory, level: 'debug', maxBytes: 1000, maxFiles: 3 });
    for (let i = 0; i < 100; i++) log.info(`line ${i} ${'x'.repeat(80)}`);
    const files = readdirSync(directory).sort();
    expect(files).toEqual([LOG_FILE_NAME, `${LOG_FILE_NAME}.1`, `${LOG_FILE_NAME}.2`]);
    for (const file of files) expect(readFileSync(join(directory, file)).length).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(directory, LOG_FILE_NAME), 'utf8')).toContain('line 99 ');
  });

  it('mirrors to stderr from the mirror level, and never throws when the directory is unusable', () => {
    const mirrored: string[] = [];
    const file = join(mkdtempSync(join(tmpdir(), 'ssm-desk-log-')), 'a-file');
    writeFileSync(file, '');
    const log = new LogFile({
      directory: join(file, 'logs'),
      level: 'debug',
      mirror: { level: 'warn', prefix: 'ssm-desk: ', write: (text) => mirrored.push(text) },
    });
    log.info('quiet');
    log.warn('loud token=abc');
    expect(mirrored).toEqual(['ssm-desk: loud token=[REDACTED]\n']);
    expect(existsSync(join(file, 'logs'))).toBe(false);
  });
});
