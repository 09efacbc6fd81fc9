/** `npm start` options. */
export interface LaunchArgs {
  port: number | undefined;
  /** Open the system browser in browser mode (default yes; --no-open for scripts and tests). */
  open: boolean;
  /** Browser mode even where Electron is installed. */
  browser: boolean;
  /** The built-in emulator's inventory from this file (docs/emulator.md), instead of its own. */
  emulatorConfig: string | undefined;
  help: boolean;
}

export const LAUNCH_USAGE = `Usage: npm start [-- options]

Starts SSM Desk: the desktop app where Electron is installed, else browser mode (served on 127.0.0.1).

Options:
  --port N      serve browser mode on port N (default: a free port)
  --no-open     do not open a browser; only print the address
  --browser     browser mode even where Electron is installed
  --emulator-config FILE
                the built-in emulator's inventory from FILE (see docs/emulator.md)
  -h, --help    this text
`;

export function parseLaunchArgs(argv: readonly string[]): LaunchArgs | { error: string } {
  const args: LaunchArgs = {
    port: undefined,
    open: true,
    browser: false,
    emulatorConfig: undefined,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--no-open') args.open = false;
    else if (arg === '--browser') args.browser = true;
    else if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port < 1 || port > 65_535) {
        return { error: `--port needs a port number from 1 to 65535, got ${JSON.stringify(value ?? '')}` };
      }
      args.port = port;
    } else if (arg === '--emulator-config' || arg.startsWith('--emulator-config=')) {
      const value = arg === '--emulator-config' ? argv[++i] : arg.slice('--emulator-config='.length);
      if (!value) return { error: '--emulator-config needs a file' };
      args.emulatorConfig = value;
    } else return { error: `unknown option ${JSON.stringify(arg)}` };
  }
  return args;
}
