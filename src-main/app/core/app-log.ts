import { LogFile } from '../../logging/log-file.js';
import { levelEnabled, type LogLevel } from '../../logging/log-level.js';

/** What the core writes to the app's log: levelled, redacted lines (never secrets). */
export interface AppLogger {
  log(level: LogLevel, ...parts: unknown[]): void;
}

/**
 * The desktop app's log: the same rotated, redacted file as the CLI's (src-main/logging), in the same
 * folder, at the level the settings name (read at each line, so a change applies at once).
 */
export class AppLog implements AppLogger {
  private readonly file: LogFile;

  constructor(
    directory: string,
    private readonly level: () => LogLevel,
  ) {
    // The file takes everything; the settings' level filters here.
    this.file = new LogFile({ directory, level: 'debug' });
  }

  get path(): string {
    return this.file.path;
  }

  log(level: LogLevel, ...parts: unknown[]): void {
    if (levelEnabled(this.level(), level)) this.file.log(level, ['app:', ...parts]);
  }
}

/** For cores without a log directory (tests that do not look at it). */
export const NO_LOG: AppLogger = { log: () => undefined };
