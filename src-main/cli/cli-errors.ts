import { AwsError } from '../aws/aws-error.js';
import { awsErrorText } from './aws-words.js';

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

/**
 * The one line for an `ssm-desk: …` message: the first line of the error's message, completed with
 * the CLI's words for the AWS layer's codes (aws-words.ts).
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line =
    (message.split('\n')[0] ?? '').trim() || (error instanceof Error ? error.name : 'unknown error');
  return error instanceof AwsError ? awsErrorText(error.code, line, error.profile) : line;
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof CliError) return error.exitCode;
  return 1;
}
