/**
 * The log levels, most severe first: a threshold keeps its own level and those before it (`info` keeps
 * error, warn and info).
 */
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
/** One of LOG_LEVELS: a LogFile's threshold, its mirror's, or the level of one line. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** True when a message at `level` should be kept under the threshold `threshold`. */
export function levelEnabled(threshold: LogLevel, level: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}
