import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { levelEnabled, type LogLevel } from './log-level.js';
import { formatRedacted } from './redact.js';

export const LOG_FILE_NAME = 'ssm-desk.log';
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;

/** $SSM_DESK_LOG_DIR, else $XDG_STATE_HOME/ssm-desk/logs, else ~/.local/state/ssm-desk/logs. */
export function logDirectory(env: NodeJS.ProcessEnv): string {
  if (env.SSM_DESK_LOG_DIR) return env.SSM_DESK_LOG_DIR;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'ssm-desk', 'logs');
}

/**
 * Where and how a LogFile writes: its directory (logDirectory() gives the usual one), the level kept,
 * rotation by size and file count (default 1 MiB, 5 files), and an optional mirror such as the CLI's
 * stderr.
 */
export interface LogFileOptions {
  directory: string;
  level: LogLevel;
  maxBytes?: number;
  /** How many files in all: ssm-desk.log plus ssm-desk.log.1 … .(maxFiles-1). */
  maxFiles?: number;
  /**
   * Where to mirror lines for the user (the CLI's stderr), from which level, and with which prefix
   * (the CLI's `ssm-desk: `; none by default).
   */
  mirror?: { write(text: string): unknown; level: LogLevel; prefix?: string };
  now?: () => Date;
}

/**
 * The log of every face (the CLI, the desktop app): one redacted line per event, appended synchronously (so a process.exit loses
 * nothing), rotated by size. A log that cannot be written is given up silently: logging must never
 * break a session.
 */
export class LogFile {
  readonly path: string;
  private broken = false;
  private size: number | undefined;

  constructor(private readonly options: LogFileOptions) {
    this.path = join(options.directory, LOG_FILE_NAME);
  }

  error(...parts: unknown[]): void {
    this.log('error', parts);
  }
  warn(...parts: unknown[]): void {
    this.log('warn', parts);
  }
  info(...parts: unknown[]): void {
    this.log('info', parts);
  }
  debug(...parts: unknown[]): void {
    this.log('debug', parts);
  }

  enabled(level: LogLevel): boolean {
    return levelEnabled(this.options.level, level);
  }

  log(level: LogLevel, parts: readonly unknown[], mirrored = true): void {
    const mirror = mirrored ? this.options.mirror : undefined;
    const toFile = levelEnabled(this.options.level, level) && !this.broken;
    const toMirror = mirror !== undefined && levelEnabled(mirror.level, level);
    if (!toFile && !toMirror) return;
    const text = formatRedacted(parts).replace(/\r?\n/g, '\\n');
    if (toMirror) mirror.write(`${mirror.prefix ?? ''}${text}\n`);
    if (!toFile) return;
    const time = (this.options.now ?? (() => new Date()))().toISOString();
    const line = `${time} ${level.toUpperCase().padEnd(5)} [${process.pid}] ${text}\n`;
    try {
      this.rotateIfNeeded(Buffer.byteLength(line));
      appendFileSync(this.path, line, { mode: 0o600 });
      this.size = (this.size ?? 0) + Buffer.byteLength(line);
    } catch {
      this.broken = true;
    }
  }

  private rotateIfNeeded(incoming: number): void {
    if (this.size === undefined) {
      mkdirSync(this.options.directory, { recursive: true, mode: 0o700 });
      try {
        this.size = statSync(this.path).size;
      } catch {
        this.size = 0;
      }
    }
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (this.size === 0 || this.size + incoming <= maxBytes) return;
    const maxFiles = Math.max(1, this.options.maxFiles ?? DEFAULT_MAX_FILES);
    rmSync(`${this.path}.${maxFiles - 1}`, { force: true });
    for (let index = maxFiles - 2; index >= 1; index--) {
      try {
        renameSync(`${this.path}.${index}`, `${this.path}.${index + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    if (maxFiles > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.size = 0;
  }
}
