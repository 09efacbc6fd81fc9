/** The CLI's commands: `<app> ls`, `<app> connect web-1` … run headless (the embedded CLI mode). */
const CLI_COMMANDS = new Set([
  'ls',
  'list',
  'connect',
  'exec',
  'sessions',
  'forward',
  'ssh',
  'ssh-config',
  'emulator',
  'help',
  'version',
  '--version',
  '-v',
  '--help',
  '-h',
]);

/**
 * The arguments meant for the app itself, without Electron's own: a packaged app gets
 * `[binary, ...args]`, `electron main.js …` gets `[binary, main.js, ...args]` (`defaultApp`).
 */
export function appArguments(argv: readonly string[], defaultApp: boolean): string[] {
  return argv.slice(defaultApp ? 2 : 1).filter((arg) => !CHROMIUM_SWITCH.test(arg));
}

/** Switches Chromium or the desktop environment may add (`--no-sandbox`, `--enable-features=…`). */
const CHROMIUM_SWITCH = /^--(no-sandbox|enable-features|disable-gpu|ozone-platform)(=|$)/;

/** The app was started as the CLI: its first argument is a CLI command (or --version/--help). */
export function isCliInvocation(args: readonly string[]): boolean {
  return args.length > 0 && CLI_COMMANDS.has(args[0] as string);
}
