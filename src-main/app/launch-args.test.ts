import { describe, expect, it } from 'vitest';
import { appArguments, isCliInvocation } from './cli-invocation.js';
import { parseLaunchArgs } from './launch-args.js';

describe('npm start options', () => {
  it('reads --port, --no-open, --browser and --help', () => {
    expect(parseLaunchArgs([])).toEqual({
      port: undefined,
      open: true,
      browser: false,
      emulatorConfig: undefined,
      help: false,
    });
    expect(
      parseLaunchArgs(['--port', '8123', '--no-open', '--browser', '--emulator-config', 'fleet.json']),
    ).toEqual({
      port: 8123,
      open: false,
      browser: true,
      emulatorConfig: 'fleet.json',
      help: false,
    });
    expect(parseLaunchArgs(['--port=9000', '-h'])).toMatchObject({ port: 9000, help: true });
  });

  it.each([
    [['--port'], /--port needs a port number from 1 to 65535, got ""/],
    [['--port', 'abc'], /got "abc"/],
    [['--port', '70000'], /got "70000"/],
    [['--port', '0'], /got "0"/],
    [['--wat'], /unknown option "--wat"/],
  ])('refuses %j with one line', (argv, message) => {
    const parsed = parseLaunchArgs(argv);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});

describe('the embedded CLI mode', () => {
  it("takes the app's own arguments after Electron's", () => {
    expect(appArguments(['/opt/SSM Desk/ssm-desk', 'ls', '--region', 'x'], false)).toEqual([
      'ls',
      '--region',
      'x',
    ]);
    expect(appArguments(['/usr/bin/electron', 'main.js', 'exec', 'web-1'], true)).toEqual(['exec', 'web-1']);
    expect(appArguments(['/opt/app', '--no-sandbox', 'ls'], false)).toEqual(['ls']);
  });

  it('runs headless only for CLI commands', () => {
    expect(isCliInvocation(['ls'])).toBe(true);
    expect(isCliInvocation(['connect', 'web-1'])).toBe(true);
    expect(isCliInvocation(['--version'])).toBe(true);
    expect(isCliInvocation([])).toBe(false);
    expect(isCliInvocation(['--port', '1'])).toBe(false);
    expect(isCliInvocation(['/home/me/file.ssmdesk'])).toBe(false);
  });
});
