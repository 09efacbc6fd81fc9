/**
 * The process as a CLI command sees it. Commands take a CliIO instead of touching `process` so that
 * tests can run them with fake streams, and so that one place decides about TTYs and colours.
 */
export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  /** stdin and stdout are both terminals: interactive pickers and prompts are allowed. */
  isTTY: boolean;
  /** Colours on stdout: only on a TTY, never with NO_COLOR set (https://no-color.org). */
  color: boolean;
}

/** Colours may be used on a stream when it is a TTY, NO_COLOR is unset (or empty) and TERM is not dumb. */
export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function processCliIO(): CliIO {
  const env = process.env;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env,
    isTTY: process.stdin.isTTY === true && process.stdout.isTTY === true,
    color: colorAllowed(process.stdout, env),
  };
}
