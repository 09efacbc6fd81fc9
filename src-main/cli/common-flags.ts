import type { AwsContext } from '../aws/aws-context.js';
import type { AwsWait } from '../aws/aws-wait.js';
import { CliError, UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { parseFlags, type FlagSpecs } from './flag-parser.js';
import { LOG_LEVELS, type LogLevel } from '../logging/log-level.js';

/** The flags every command takes, in the same spelling everywhere. */
export interface CommonFlags {
  /** --profile NAME (the first one when a comma list was given). */
  profile?: string;
  /** Every profile named with --profile (repeatable or a comma list; `ls` lists them all). */
  profiles: string[];
  /** --region (repeatable or a comma list); empty = env or the profile's region. */
  regions: string[];
  endpointUrl?: string;
  json: boolean;
  logLevel: LogLevel;
}

export const COMMON_FLAG_SPECS: FlagSpecs = {
  profile: { kind: 'list' },
  region: { kind: 'list' },
  'endpoint-url': { kind: 'string' },
  json: { kind: 'boolean' },
  'log-level': { kind: 'string' },
};

export const COMMON_FLAGS_HELP = `Common options:
  --profile NAME       AWS profile (default: AWS_PROFILE, then the default chain)
  --region REGION      AWS region; ls and exec --targets take several (repeat it or a comma list)
  --endpoint-url URL   one endpoint for every AWS API the command calls (e.g. the emulator)
  --json               machine-readable output
  --log-level LEVEL    error, warn (default), info or debug
  -h, --help           this help
`;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const PROFILE = /^[\w.@+=,/-]+$/;

/**
 * Takes the common flags out of a command's argv, wherever they appear before a `--`, and returns the
 * rest (command-specific flags and positionals) untouched and in order.
 */
export function parseCommonFlags(argv: readonly string[]): { common: CommonFlags; rest: string[] } {
  const mine: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    if (argument === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const name = argument.startsWith('--') ? argument.slice(2).split('=')[0] : undefined;
    const spec = name !== undefined ? COMMON_FLAG_SPECS[name] : undefined;
    if (!spec) {
      rest.push(argument);
      continue;
    }
    mine.push(argument);
    if (spec.kind !== 'boolean' && !argument.includes('=') && i + 1 < argv.length)
      mine.push(argv[++i] as string);
  }
  const flags = parseFlags(mine, COMMON_FLAG_SPECS);
  const split = (values: string[] | undefined): string[] =>
    (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim());
  const regions = [...new Set(split(flags.lists.get('region')))];
  for (const region of regions) {
    if (!REGION.test(region))
      throw new UsageError(`--region: ${JSON.stringify(region)} is not a region name`);
  }
  const profiles = [...new Set(split(flags.lists.get('profile')))];
  for (const profile of profiles) {
    if (!PROFILE.test(profile))
      throw new UsageError(`--profile: ${JSON.stringify(profile)} is not a profile name`);
  }
  const endpointUrl = flags.strings.get('endpoint-url');
  if (endpointUrl !== undefined) checkEndpoint(endpointUrl);
  const logLevel = flags.strings.get('log-level') ?? 'warn';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${logLevel}`);
  }
  const common: CommonFlags = {
    profiles,
    regions,
    json: flags.booleans.has('json'),
    logLevel: logLevel as LogLevel,
  };
  if (profiles[0] !== undefined) common.profile = profiles[0];
  if (endpointUrl !== undefined) common.endpointUrl = endpointUrl;
  return { common, rest };
}

function checkEndpoint(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint-url: ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url must be an http:// or https:// URL, got ${url.protocol}//`);
  }
}

export interface AwsContextExtras {
  /** Receives the SDK's own log lines (already redacted by the caller's logger). */
  sdkLogger?: {
    debug(...content: unknown[]): void;
    info(...content: unknown[]): void;
    warn(...content: unknown[]): void;
    error(...content: unknown[]): void;
  };
  /** Use this profile instead of common.profile (ls across several profiles). */
  profile?: string;
  /** Use this region instead of the first --region. */
  region?: string;
  /** Told when reading the config or getting credentials waits on something (aws-wait.ts). */
  onWaiting?: (wait: AwsWait) => void;
}

/**
 * An AwsContext for the common flags: profile, first region, endpoint. MFA codes for assume-role
 * profiles are asked on the terminal (hidden, as the AWS CLI's getpass prompt), up front, before any
 * spinner or output; without a terminal that fails at once with one line instead of waiting. The code
 * is asked once per context: when its role credentials expire (after an hour), a refresh that would
 * need a new code fails instead of prompting in the middle of a session. The SDK is loaded here, not
 * at startup.
 */
export async function createAwsContext(
  common: CommonFlags,
  io: CliIO,
  extras: AwsContextExtras = {},
): Promise<AwsContext> {
  const { AwsContext } = await import('../aws/aws-context.js');
  const profile = extras.profile ?? common.profile;
  const region = extras.region ?? common.regions[0];
  const profileName = profile || io.env.AWS_PROFILE || 'default';
  let asked = false;
  const context = await AwsContext.create({
    ...(profile ? { profile } : {}),
    ...(region ? { region } : {}),
    ...(common.endpointUrl ? { endpointUrl: common.endpointUrl } : {}),
    ...(extras.sdkLogger ? { logger: extras.sdkLogger } : {}),
    ...(extras.onWaiting ? { onWaiting: extras.onWaiting } : {}),
    env: io.env,
    mfaCodeProvider: async (serial: string) => {
      if (!io.stdin.isTTY || !io.stderr.isTTY) {
        throw new CliError(
          `profile ${profileName} needs an MFA code for ${serial}, and there is no terminal to type it on (${io.stdin.isTTY ? 'stderr' : 'stdin'} is not a terminal)`,
        );
      }
      if (asked) {
        throw new CliError(
          `the MFA credentials of profile ${profileName} expired: run the command again for a new code`,
        );
      }
      asked = true;
      const { promptLine } = await import('./prompt-line.js');
      const code = await promptLine(io, `Enter MFA code for ${serial}: `, { echo: false }).catch(
        (error: unknown) => {
          if (error instanceof CliError && error.exitCode === 130) {
            throw new CliError('cancelled at the MFA prompt', 130);
          }
          throw error;
        },
      );
      if (code === '') throw new CliError(`no MFA code was typed for profile ${profileName}`);
      return code;
    },
  });
  if (context.mfaSerial !== undefined) await context.credentials();
  return context;
}
