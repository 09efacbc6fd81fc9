import { homedir } from 'node:os';
import type { SsoAuthorizationPrompt } from '../aws/sso-device-login.js';
import { CliError, UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { CommandRuntime } from './command-runtime.js';
import { parseCommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { LOGIN_HELP } from './help-texts.js';

/**
 * `ssm-desk login [--profile P]`: IAM Identity Center sign-in on the library's ssoDeviceLogin, the
 * same code the desktop app uses. It prints the page and the code, opens a browser where there is one
 * (--no-browser: never), waits for the approval and writes the token where the AWS CLI reads it, so
 * `aws` and SSM Desk share the sign-in. Ctrl-C cancels (exit 130).
 */
export async function runLoginCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, {
    'no-browser': { kind: 'boolean' },
    help: { kind: 'boolean', short: 'h' },
  });
  if (flags.booleans.has('help')) {
    io.stdout.write(LOGIN_HELP);
    return 0;
  }
  if (flags.positionals.length > 0 || flags.afterDashDash) {
    throw new UsageError('login takes no arguments: ssm-desk login [--profile NAME]');
  }
  if (common.profiles.length > 1) throw new UsageError('login signs in one --profile at a time');
  if (common.regions.length > 0) {
    throw new UsageError("login takes no --region: it signs in where the profile's sso_region says");
  }
  const runtime = new CommandRuntime('login', common, io);
  const { ssoDeviceLogin } = await import('../aws/sso-device-login.js');
  const cancel = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) cancel.abort();
    else process.exit(130);
  };
  process.on('SIGINT', onSignal);
  let opening: Promise<void> = Promise.resolve();
  try {
    const result = await ssoDeviceLogin({
      ...(common.profile ? { profile: common.profile } : {}),
      ...(common.endpointUrl ? { endpointUrl: common.endpointUrl } : {}),
      env: io.env,
      signal: cancel.signal,
      logger: runtime.sdkLogger(),
      onAuthorization: (prompt) => {
        runtime.log.info(`login: profile ${prompt.profile}, ${prompt.startUrl}, code ${prompt.userCode}`);
        opening = showPrompt(io, prompt, !flags.booleans.has('no-browser')).catch(() => undefined);
      },
    });
    await opening;
    runtime.log.info(`login: profile ${result.profile} signed in until ${result.expiresAt.toISOString()}`);
    io.stdout.write(
      `Signed in: profile ${result.profile} until ${utcMinute(result.expiresAt)}. The token is in ${tildePath(result.cacheFile, io.env)}, where the AWS CLI finds it too.\n`,
    );
    return 0;
  } catch (error) {
    if (cancel.signal.aborted) throw new CliError('sign-in cancelled', 130);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

/** The page and the code, then (unless told not to) a browser on the page with the code filled in. */
async function showPrompt(io: CliIO, prompt: SsoAuthorizationPrompt, browser: boolean): Promise<void> {
  const page = prompt.verificationUriComplete ?? prompt.verificationUri;
  io.stdout.write(
    `Signing in profile ${prompt.profile} at ${prompt.startUrl}.\n` +
      `Open this page and check that it shows the code ${prompt.userCode}` +
      `${prompt.verificationUriComplete ? '' : ' (enter it there)'}:\n\n  ${page}\n\n`,
  );
  const { openBrowser } = await import('./open-browser.js');
  const opened = browser && (await openBrowser(page, io.env));
  io.stdout.write(
    `${opened ? 'A browser was opened on it.' : 'Open it in a browser, on this or any other device.'} ` +
      `Waiting for the approval (the code expires at ${utcMinute(prompt.expiresAt)}; Ctrl-C to cancel)...\n`,
  );
}

/** `2026-11-30 20:15 UTC`. */
function utcMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A path under HOME as `~/…`, as people write it. */
function tildePath(path: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || homedir();
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
