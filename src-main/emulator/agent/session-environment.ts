/**
 * The environment the simulated agent gives the processes it starts (shells, commands). The emulator
 * runs them on the user's own machine, as the user, so inheriting its environment would hand every
 * session the user's AWS keys, tokens and agent sockets, and the desktop app's embedded emulator
 * would leak them to whoever can open a session. Only what a login shell needs is kept.
 */
const KEPT = /^(PATH|HOME|LANG|LC_[A-Z0-9_]+|TERM|USER|LOGNAME|SHELL)$/;

/**
 * Applied after KEPT: a name can pass the allow-list and still carry a secret (ssh forwards LC_*
 * variables, and people smuggle tokens through them), so anything that looks like one is dropped.
 */
const SECRET_LOOKING = /^AWS_|TOKEN|SECRET|KEY|PASSWORD|PASSWD|CREDENTIAL|AUTH|SSH_|SESSION/i;

/** A fresh object: the kept variables of `parent`, then the agent's own variables in `own`. */
export function sessionEnvironment(
  parent: NodeJS.ProcessEnv,
  own: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || !KEPT.test(name) || SECRET_LOOKING.test(name)) continue;
    env[name] = value;
  }
  env.PATH ??= '/usr/local/bin:/usr/bin:/bin';
  env.LANG ??= 'C.UTF-8';
  return { ...env, ...own };
}
