import { UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { WHOAMI_HELP } from './help-texts.js';

/**
 * `ssm-desk whoami`: who the profile's credentials are (callerIdentity: STS GetCallerIdentity) and
 * when temporary credentials expire. Credential failures are the usual one line (an expired SSO
 * token says to run ssm-desk login).
 */
export async function runWhoamiCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, { help: { kind: 'boolean', short: 'h' } });
  if (flags.booleans.has('help')) {
    io.stdout.write(WHOAMI_HELP);
    return 0;
  }
  if (flags.positionals.length > 0 || flags.afterDashDash) {
    throw new UsageError(`whoami takes no arguments, got ${JSON.stringify(flags.positionals[0] ?? '--')}`);
  }
  if (common.profiles.length > 1 || common.regions.length > 1) {
    throw new UsageError('whoami takes one --profile and one --region');
  }
  const runtime = new CommandRuntime('whoami', common, io);
  const context = await runtime.context();
  const { callerIdentity } = await import('../client/caller-identity.js');
  const identity = await callerIdentity(context);
  const expires = identity.expiresAt?.toISOString().replace(/\.\d+Z$/, 'Z');
  if (common.json) {
    io.stdout.write(
      `${JSON.stringify({ profile: context.profileName, ...identity, ...(expires ? { expiresAt: expires } : {}) }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout.write(
    [
      `profile   ${context.profileName}`,
      `account   ${identity.account}`,
      `arn       ${identity.arn}`,
      `user id   ${identity.userId}`,
      `expires   ${expires ?? 'never (long-term keys)'}`,
      '',
    ].join('\n'),
  );
  return 0;
}
