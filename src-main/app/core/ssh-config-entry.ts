import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import type { TargetRef } from '../../../src-shared/model/target.js';

/** Quotes a word for the ProxyCommand line (ssh runs it with the user's shell). */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * An OpenSSH config entry for one instance through `ssm-desk ssh` (which runs AWS-StartSSHSession):
 * `ssh <alias>` then reaches it with the user's own keys. The emulator is this launch's alone, so
 * its entry says that it works only while the app runs and does not name the launch's keys.
 */
export function sshConfigEntry(target: TargetRef, name: string | undefined): string {
  const alias = (name ?? target.instanceId).replace(/[^\w.-]/g, '-');
  const emulator = target.profile === EMULATOR_PROFILE_ID;
  const options = emulator
    ? ['--region', target.region]
    : ['--profile', target.profile, '--region', target.region];
  return [
    emulator
      ? `# ${alias} on SSM Desk's built-in emulator: use the app's terminal tabs (the emulator is private to the app)`
      : `# ${alias} through AWS Systems Manager (ssm-desk ssh)`,
    `Host ${alias}`,
    `  HostName ${target.instanceId}`,
    `  ProxyCommand ssm-desk ssh %h %p ${options.map(shellWord).join(' ')}`,
    '',
  ].join('\n');
}
