/** Bad command-line input: one line on stderr and exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}

/** An expected failure (not a bug): one line on stderr and the given exit status, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The first line of an error's message, for `ssm-desk: …` lines. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof CliError) return error.exitCode;
  return 1;
}
