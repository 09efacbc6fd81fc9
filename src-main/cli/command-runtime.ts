import type { AwsContext } from '../aws/aws-context.js';
import { awsWaitText } from './aws-words.js';
import type { CliIO } from './cli-io.js';
import { createAwsContext, type CommonFlags } from './common-flags.js';
import { LogFile, logDirectory } from '../logging/log-file.js';
import type { LogLevel } from '../logging/log-level.js';

/** What every command that talks to AWS needs: the flags, the IO, a log and AwsContexts. */
export class CommandRuntime {
  readonly log: LogFile;

  constructor(
    readonly command: string,
    readonly common: CommonFlags,
    readonly io: CliIO,
  ) {
    // The file keeps at least info, so there is a trail to look at; stderr shows the chosen level.
    const fileLevel: LogLevel = common.logLevel === 'debug' ? 'debug' : 'info';
    this.log = new LogFile({
      directory: logDirectory(io.env),
      level: fileLevel,
      mirror: { level: common.logLevel, prefix: 'ssm-desk: ', write: (text) => io.stderr.write(text) },
    });
  }

  /** An AwsContext for the common flags (or another profile/region), with the SDK's logs in our log. */
  context(overrides: { profile?: string; region?: string } = {}): Promise<AwsContext> {
    return createAwsContext(this.common, this.io, {
      ...overrides,
      sdkLogger: this.sdkLogger(),
      onWaiting: (wait) => this.notice(awsWaitText(wait)),
    });
  }

  /**
   * A line the user must see whatever the log level (what a stuck step waits for), on stderr over any
   * spinner, and in the log file.
   */
  notice(text: string): void {
    this.log.log('info', [text], false);
    this.io.stderr.write(`${this.io.stderr.isTTY ? '\r\x1b[K' : ''}ssm-desk: ${text}\n`);
  }

  /** The SDK logs every request with its input and output at info: that is our debug. */
  sdkLogger(): {
    debug(...c: unknown[]): void;
    info(...c: unknown[]): void;
    warn(...c: unknown[]): void;
    error(...c: unknown[]): void;
  } {
    const log = this.log;
    const fileOnly = (parts: unknown[]): void => {
      if (log.enabled('debug')) log.log('debug', ['sdk', ...parts], false);
    };
    return {
      debug: (...parts) => fileOnly(parts),
      info: (...parts) => fileOnly(parts),
      warn: (...parts) => fileOnly(parts),
      error: (...parts) => fileOnly(parts),
    };
  }
}
