#!/usr/bin/env node
/**
 * ssm-desk: the friendly command line. This entry stays tiny so `--version` and `--help` start fast;
 * each command (and the AWS SDK) is imported only when it runs.
 */
import { processCliIO } from './cli-io.js';
import { runCli } from './run-cli.js';
import { quietProcessWarnings } from '../logging/process-warnings.js';

// `ssm-desk ls | head`: a closed pipe is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The SDK warns about Node versions on every run; that is not the user's business on each command.
quietProcessWarnings('ssm-desk');

const status = await runCli(process.argv.slice(2), processCliIO());
process.exitCode = status;
// Flush both streams (they may be pipes), then exit even if SDK sockets or timers are still open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
