import { UsageError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { parseCommonFlags, type CommonFlags } from './common-flags.js';
import { parseFlags } from './flag-parser.js';
import { SSH_CONFIG_HELP } from './help-texts.js';

export async function runSshConfigCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { common, rest } = parseCommonFlags(argv);
  const flags = parseFlags(rest, { help: { kind: 'boolean', short: 'h' } });
  if (flags.booleans.has('help')) {
    io.stdout.write(SSH_CONFIG_HELP);
    return 0;
  }
  if (flags.positionals.length > 0) throw new UsageError('ssh-config takes no arguments');
  if (common.regions.length > 1 || common.profiles.length > 1) {
    throw new UsageError('ssh-config takes one --profile and one --region');
  }
  io.stdout.write(sshConfigBlock(common));
  return 0;
}

/** Quotes an argument for the ProxyCommand line (ssh runs it with the user's shell). */
function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function sshConfigBlock(common: Pick<CommonFlags, 'profile' | 'regions' | 'endpointUrl'>): string {
  const options = [
    ...(common.profile ? ['--profile', common.profile] : []),
    ...(common.regions[0] ? ['--region', common.regions[0]] : []),
    ...(common.endpointUrl ? ['--endpoint-url', common.endpointUrl] : []),
  ].map(shellQuote);
  return [
    '# SSH over AWS Systems Manager Session Manager (ssm-desk ssh-config)',
    'Host i-* mi-*',
    `  ProxyCommand ssm-desk ssh %h %p${options.length ? ` ${options.join(' ')}` : ''}`,
    '  StrictHostKeyChecking accept-new',
    '',
  ].join('\n');
}
