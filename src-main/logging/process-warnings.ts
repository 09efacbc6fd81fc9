/** Warnings that are about our runtime, not about anything the user did or can act on. */
const QUIET = /NodeVersionSupportWarning|ExperimentalWarning/;

/**
 * Replaces Node's default warning printer: the AWS SDK warns about the Node version on every run,
 * and the faces' users (a shell user, the AWS CLI that runs the plugin and shows its stderr, the
 * desktop app's launcher) can do nothing about it. Those are dropped; any other warning is one line,
 * `<prefix>: warning: <first line>`, instead of Node's multi-line text.
 */
export function quietProcessWarnings(
  prefix: string,
  write: (text: string) => void = (text) => void process.stderr.write(text),
): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error) => {
    if (QUIET.test(`${warning.name} ${warning.message}`)) return;
    write(`${prefix}: warning: ${warning.message.split('\n')[0] ?? ''}\n`);
  });
}
