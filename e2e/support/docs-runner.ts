import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { Emulator } from '../../src-main/emulator/emulator.js';
import { PLUGIN_MAIN, REPO_ROOT } from './aws-cli.js';
import { CLI_MAIN } from './cli-env.js';
import { normalizeOutput } from './docs-expect.js';
import { commandsOf, type DocBlock, type DocCommand } from './docs-markdown.js';
import { parseEmulatorConfig } from '../../src-main/emulator/inventory/load-config.js';
import { startEmulator } from './emulator-fixture.js';
import { freePort } from './port-tools.js';

/**
 * Runs the commands of documentation blocks the way a reader would type them, in a sandbox: a
 * temporary HOME and working folder, this build's `ssm-desk` and `session-manager-plugin` first on
 * PATH, and an emulator started in-process that stands for the documented `http://127.0.0.1:4566`.
 *
 * Each command runs in `bash -c` with stdout and stderr on one pipe (as a terminal interleaves them).
 * What is substituted, both ways (the output shows the documented numbers again):
 *   - `127.0.0.1:4566` / `localhost:4566`: the in-process emulator's port;
 *   - an emulator started by a block (`npm run emulator`, `ssm-desk emulator`): `--port 4566` becomes a
 *     free port, and a later `PORT` in the same block is the port it printed;
 *   - the local ports of `ssm-desk forward -L/-D` and of `localPortNumber=`: a free port each, also
 *     where a later command of the block names them as `127.0.0.1:N` or `localhost:N`.
 * `npm run emulator` and `npm start` run what those scripts run after building (the built emulator,
 * dist/src-main/emulator/main.js, and the app's launcher, dist/src-main/app/launch.js): the test's
 * own prerequisite is `npm run build`. No other npm command runs.
 *
 * The emulator has the default inventory (docs/emulator.md) plus, for the user guide's troubleshooting
 * section, `payments-1` in eu-central-1, whose sessions are denied, and ap-south-1, where every call is.
 *
 * Commands that do not end by themselves are driven, never waited out with a sleep:
 *   - emulators, the app in browser mode (`npm start`), `forward` and an AWS CLI port-forwarding
 *     session run in the background until their first lines are out (endpoint; address; one line per
 *     tunnel), then until the block ends, and are
 *     stopped with Ctrl-C (SIGINT), after which they must exit 0 or 130;
 *   - shells (`ssm-desk connect`, `aws ssm start-session`) get `hostname` typed once the prompt
 *     shows, must answer with the instance's host name, and are ended with `~.` (connect) or `exit`;
 *   - `ssm-desk login` has its code approved through the emulator, as a person would on the page.
 */

export interface Sandbox {
  home: string;
  work: string;
  env: NodeJS.ProcessEnv;
  emulator: Emulator;
  close(): Promise<void>;
}

/**
 * The environment a reader is assumed to have, the one the README's quick start and the user guide
 * set up: AWS_ACCESS_KEY_ID=demo, AWS_SECRET_ACCESS_KEY=demo and AWS_ENDPOINT_URL (the emulator) in
 * the environment, a `~/.aws/config` with only `[default] region = us-east-1`, an empty `~/.ssh`, and
 * nothing else of the machine's (no AWS variables, proxies or display). `export` lines in the docs
 * change it for the rest of their document; `file` markers add to its files.
 */
export async function createSandbox(): Promise<Sandbox> {
  const root = mkdtempSync(join(tmpdir(), 'ssm-desk-docs-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const bin = join(root, 'bin');
  for (const dir of [home, work, bin, join(home, '.aws')]) mkdirSync(dir, { recursive: true });
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-east-1\n');
  symlinkSync(CLI_MAIN, join(bin, 'ssm-desk'));
  symlinkSync(PLUGIN_MAIN, join(bin, 'session-manager-plugin'));
  const emulatorMain = join(REPO_ROOT, 'dist', 'src-main', 'emulator', 'main.js');
  const launcher = join(REPO_ROOT, 'dist', 'src-main', 'app', 'launch.js');
  writeFileSync(
    join(bin, 'npm'),
    [
      '#!/bin/sh',
      '# The docs test runs `npm run emulator` and `npm start` from the build; other npm commands are refused.',
      'if [ "$1" = run ] && [ "$2" = emulator ]; then',
      '  shift 2; [ "$1" = -- ] && shift',
      `  exec node ${JSON.stringify(emulatorMain)} "$@"`,
      'fi',
      'if [ "$1" = start ]; then',
      '  shift; [ "$1" = -- ] && shift',
      `  exec node ${JSON.stringify(launcher)} "$@"`,
      'fi',
      'echo "docs test: npm $* is not run here; mark the block (docs-test: skip-command)" >&2',
      'exit 99',
      '',
    ].join('\n'),
  );
  chmodSync(join(bin, 'npm'), 0o755);
  // The default inventory, plus what the user guide's troubleshooting shows: an instance whose
  // sessions are denied (the emulator's Access=denied tag) in a region no other page lists, and a
  // region where every call is denied.
  const extra = parseEmulatorConfig(
    {
      instances: [
        {
          instanceId: 'i-0a7c5e11d0c4b2e91',
          region: 'eu-central-1',
          name: 'payments-1',
          tags: { Access: 'denied', Env: 'prod' },
        },
      ],
    },
    'docs sandbox',
  );
  const emulator = await startEmulator((config) => {
    config.instances.push(...extra.instances);
    config.failRegions = { ...config.failRegions, 'ap-south-1': 'AccessDenied' };
  });
  const endpoint = emulator.endpoint;
  const env: NodeJS.ProcessEnv = {
    PATH: [bin, dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(delimiter),
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    AWS_ACCESS_KEY_ID: 'demo',
    AWS_SECRET_ACCESS_KEY: 'demo',
    // One endpoint for every AWS API (SSM, EC2, KMS, RDS, STS, SSO and its OIDC), as the docs say.
    AWS_ENDPOINT_URL: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
  };
  return {
    home,
    work,
    env,
    emulator,
    close: async () => {
      await emulator.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A command started with `bash -c`, its stdout and stderr on one pipe. */
class Running {
  readonly child: ChildProcessWithoutNullStreams;
  output = '';
  exitCode: number | undefined;
  readonly exited: Promise<number>;
  private readonly listeners = new Set<() => void>();

  constructor(command: string, sandbox: Sandbox) {
    this.child = spawn('bash', ['-c', `exec 2>&1\n${command}`], {
      cwd: sandbox.work,
      env: sandbox.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (data: Buffer) => {
      this.output += data.toString();
      for (const listener of this.listeners) listener();
    });
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        // Killed by a signal: 128 + its number, as a shell reports it (SIGINT: 130).
        this.exitCode = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : -1);
        resolve(this.exitCode);
        for (const listener of this.listeners) listener();
      }),
    );
  }

  /**
   * Resolves true once `ready(output)` holds, false if the command exits first (a documented failure,
   * or an unexpected one: the exit status decides); rejects when `ms` pass.
   */
  readyOrExit(ready: (output: string) => boolean, what: string, ms = 20_000): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const done = (result: boolean | Error): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const check = (): void => {
        if (ready(this.output)) done(true);
        else if (this.exitCode !== undefined) done(false);
      };
      const timer = setTimeout(
        () => done(new Error(`no ${what} within ${ms / 1000} s; it printed:\n${this.output}`)),
        ms,
      );
      this.listeners.add(check);
      check();
    });
  }

  /** As readyOrExit, but exiting first is a failure. */
  async waitFor(ready: (output: string) => boolean, what: string, ms = 20_000): Promise<void> {
    if (!(await this.readyOrExit(ready, what, ms))) {
      throw new Error(`exited with ${this.exitCode} before ${what}; it printed:\n${this.output}`);
    }
  }

  /** The exit status, or a failure if it does not come within `ms`. */
  async finish(what: string, ms = 30_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(
          new Error(
            `${what} did not end within ${ms / 1000} s (a long-running command needs a driver in ` +
              `e2e/support/docs-runner.ts, or a marker); it printed:\n${this.output}`,
          ),
        );
      }, ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

type Kind = 'run' | 'emulator' | 'app' | 'forward' | 'aws-port' | 'shell' | 'login' | 'export';

/** The command without leading `NAME=value` assignments. */
function program(bare: string): string {
  return bare.replace(/^(\s*[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|'[^']*'|\S*)\s+)+/, '');
}

/** The reason a skip-command marker gives for not running this command, if one applies. */
export function commandSkip(block: DocBlock, command: DocCommand): string | undefined {
  for (const d of block.directives) {
    if (d.kind === 'skip-command' && program(command.bare).startsWith(d.prefix)) return d.reason;
  }
  return undefined;
}

export function kindOf(bare: string): Kind {
  const command = program(bare);
  if (/^export\s/.test(bare)) return 'export';
  if (/(^|\s)(-h|--help)(\s|$)/.test(command)) return 'run';
  if (/^(npm run emulator|ssm-desk emulator)\b/.test(command)) return 'emulator';
  if (/^npm start\b/.test(command)) return 'app';
  if (/^ssm-desk forward\b/.test(command)) return 'forward';
  if (/^ssm-desk connect\b/.test(command)) return 'shell';
  if (/^ssm-desk login\b/.test(command)) return 'login';
  if (/^aws ssm start-session\b/.test(command)) {
    if (/AWS-StartPortForwarding/.test(command)) return 'aws-port';
    if (!/--document-name/.test(command) || /AWS-StartInteractiveCommand/.test(command)) return 'shell';
  }
  return 'run';
}

/** Documented port → the port used here, and back. */
class PortMap {
  private readonly toActual = new Map<number, number>();
  private readonly placeholders = new Map<string, number>();

  constructor(private readonly parent?: PortMap) {}

  set(documented: number, actual: number): void {
    this.toActual.set(documented, actual);
  }

  setPlaceholder(name: string, actual: number): void {
    this.placeholders.set(name, actual);
  }

  actual(documented: number): number | undefined {
    return this.toActual.get(documented) ?? this.parent?.actual(documented);
  }

  private entries(): [number, number][] {
    return [...(this.parent?.entries() ?? []), ...this.toActual.entries()];
  }

  /** `127.0.0.1:N` and `localhost:N` of documented ports, and placeholders, as used here. */
  apply(text: string): string {
    let result = text.replace(/\b(127\.0\.0\.1|localhost):(\d+)\b/g, (whole, host: string, port: string) => {
      const actual = this.actual(Number(port));
      return actual === undefined ? whole : `${host}:${actual}`;
    });
    for (const [name, port] of this.placeholders)
      result = result.replace(new RegExp(`\\b${name}\\b`, 'g'), String(port));
    return result;
  }

  /** Output with the ports used here shown as documented again. */
  reverse(text: string): string {
    let result = text;
    for (const [documented, actual] of this.entries()) {
      result = result.replace(new RegExp(`\\b${actual}\\b`, 'g'), String(documented));
    }
    for (const [name, port] of this.placeholders)
      result = result.replace(new RegExp(`\\b${port}\\b`, 'g'), name);
    return result;
  }
}

/** The global map: the documented emulator port 4566 is the sandbox's emulator. */
export function sandboxPorts(sandbox: Sandbox): PortMap {
  const ports = new PortMap();
  ports.set(4566, Number(new URL(sandbox.emulator.endpoint).port));
  return ports;
}

/** Gives the local ports of `-L`, `-D` and `localPortNumber=` free ports, recorded in `ports`. */
async function mapLocalPorts(command: string, ports: PortMap): Promise<string> {
  const pattern =
    /(-L\s*(?:(?:[\d.]+|localhost|\[[^\]]*\]):)?|-D\s*(?:(?:[\d.]+|localhost|\[[^\]]*\]):)?|localPortNumber=)(\d+)/g;
  const found = [...command.matchAll(pattern)];
  let result = command;
  for (const match of found.reverse()) {
    const documented = Number(match[2]);
    if (documented === 0) continue;
    let actual = ports.actual(documented);
    if (actual === undefined || documented === 4566) {
      actual = await freePort();
      ports.set(documented, actual);
    }
    const start = (match.index ?? 0) + (match[1] as string).length;
    result = `${result.slice(0, start)}${actual}${result.slice(start + (match[2] as string).length)}`;
  }
  return result;
}

/** A word for bash, in single quotes. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function parseExport(bare: string, env: NodeJS.ProcessEnv): void {
  for (const word of bare.replace(/^export\s+/, '').match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
    const eq = word.indexOf('=');
    if (eq < 1) throw new Error(`cannot read the export ${JSON.stringify(word)}`);
    env[word.slice(0, eq)] = word.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2');
  }
}

export interface CommandReport {
  command: DocCommand;
  kind: Kind;
  /** Set when a skip-command marker applies. */
  skipped?: string;
  exitCode?: number;
  /** The output as documented ports show it (normalized lines). */
  output: string[];
}

export interface BlockReport {
  commands: CommandReport[];
  /** Everything the block printed, in command order (background commands: their first lines). */
  output: string[];
}

const SHELL_PROMPT_AFTER_START = /Starting session with SessionId: \S+[^\n]*\n[\s\S]*\S/;
const HOSTNAME_ANSWER = /(^|\n)ip-\d+-\d+-\d+-\d+\r?\n/;

/**
 * Runs one block: a file marker writes the block's text into the sandbox; a shell block runs its
 * commands in order. Throws on the first command that fails (exit status, driver, timeout).
 */
export async function runBlock(
  block: DocBlock,
  sandbox: Sandbox,
  globalPorts: PortMap,
): Promise<BlockReport> {
  const report: BlockReport = { commands: [], output: [] };
  const file = block.directives.find((d) => d.kind === 'file');
  if (file) {
    const path = file.path.startsWith('~/')
      ? join(sandbox.home, file.path.slice(2))
      : isAbsolute(file.path)
        ? file.path
        : join(sandbox.work, file.path);
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${block.text.trimEnd()}\n`);
    return report;
  }
  const expectedExit = block.directives.find((d) => d.kind === 'exit')?.code ?? 0;
  const onTerminal = block.directives.some((d) => d.kind === 'terminal');
  const ports = new PortMap(globalPorts);
  const background: { running: Running; what: string }[] = [];
  const fail = (command: DocCommand, message: string): Error =>
    new Error(`${block.file}:${command.line}: ${command.text}\n${message}`);
  let failure: Error | undefined;
  try {
    for (const command of commandsOf(block)) {
      const skipped = commandSkip(block, command);
      const kind = kindOf(command.bare);
      if (skipped !== undefined) {
        report.commands.push({ command, kind, skipped, output: [] });
        continue;
      }
      if (kind === 'export') {
        parseExport(ports.apply(command.bare), sandbox.env);
        report.commands.push({ command, kind, exitCode: 0, output: [] });
        continue;
      }
      let text = ports.apply(command.text);
      if (kind === 'forward' || kind === 'aws-port') text = await mapLocalPorts(text, ports);
      let emulatorPort: number | undefined;
      if (kind === 'emulator' && /--port[ =]4566\b/.test(text)) {
        emulatorPort = await freePort();
        text = text.replace(/(--port[ =])4566\b/, `$1${emulatorPort}`);
      }
      // On a terminal: util-linux `script` gives the command a pty (stdin and stdout are terminals).
      const running = new Running(onTerminal ? `script -qec ${shellQuote(text)} /dev/null` : text, sandbox);
      const entry: CommandReport = { command, kind, output: [] };
      report.commands.push(entry);
      const what = `\`${command.bare}\``;
      try {
        // A driven command that exits before it is ready has failed (or fails as documented): its
        // exit status is then checked like any other's.
        const ready = async (test: (out: string) => boolean, description: string): Promise<boolean> => {
          if (await running.readyOrExit(test, description)) return true;
          entry.exitCode = running.exitCode;
          return false;
        };
        switch (kind) {
          case 'emulator': {
            if (
              !(await ready(
                (out) => /instances; press Ctrl-C to stop\./.test(out),
                'emulator start-up lines',
              ))
            )
              break;
            const port = Number(/^https?:\/\/127\.0\.0\.1:(\d+)$/m.exec(running.output)?.[1]);
            if (emulatorPort !== undefined) ports.set(4566, port);
            else ports.setPlaceholder('PORT', port);
            if (emulatorPort !== undefined && port !== emulatorPort)
              throw new Error(`it listens on ${port}, not on the port it was given (${emulatorPort})`);
            background.push({ running, what });
            break;
          }
          case 'app':
            if (await ready((out) => /^http:\/\/127\.0\.0\.1:\d+\/\?k=\S+$/m.test(out), "the app's address"))
              background.push({ running, what });
            break;
          case 'forward': {
            const tunnels = (text.match(/(^|\s)-[LD]\b/g) ?? []).length;
            const lines = (out: string): number =>
              (out.match(/^(Forwarding \S+ -> |SOCKS5 proxy on )/gm) ?? []).length;
            if (await ready((out) => lines(out) >= tunnels, `a line for each of the ${tunnels} tunnels`))
              background.push({ running, what });
            break;
          }
          case 'aws-port':
            if (await ready((out) => /Waiting for connections\.\.\./.test(out), 'Waiting for connections...'))
              background.push({ running, what });
            break;
          case 'shell': {
            if (!(await ready((out) => SHELL_PROMPT_AFTER_START.test(out), 'the session start and a prompt')))
              break;
            running.child.stdin.write('hostname\n');
            await running.waitFor((out) => HOSTNAME_ANSWER.test(out), "the instance's host name");
            running.child.stdin.write(/^ssm-desk connect\b/.test(program(command.bare)) ? '~.' : 'exit\n');
            entry.exitCode = await running.finish(what);
            break;
          }
          case 'login': {
            if (!(await ready((out) => /the code [A-Z]{4}-[A-Z]{4}\b/.test(out), 'the sign-in code'))) break;
            const code = /the code ([A-Z]{4}-[A-Z]{4})\b/.exec(running.output)?.[1] as string;
            if (!sandbox.emulator.decideDeviceAuthorization(code, 'approve'))
              throw new Error(`the emulator does not know the code ${code}`);
            entry.exitCode = await running.finish(what);
            break;
          }
          case 'run':
            if (onTerminal) {
              // Typed once the prompt shows (no echo): the code every emulated MFA device shows.
              if (
                await running.readyOrExit(
                  (out) => /Enter MFA code for [^\n]*: $/.test(out),
                  'its end',
                  30_000,
                )
              )
                running.child.stdin.write('123456\r');
            } else running.child.stdin.end();
            entry.exitCode = await running.finish(what);
            break;
        }
      } catch (error) {
        running.child.kill('SIGKILL');
        throw fail(command, (error as Error).message);
      }
      entry.output = normalizeOutput(ports.reverse(running.output));
      report.output.push(...entry.output);
      if (entry.exitCode !== undefined && entry.exitCode !== expectedExit) {
        throw fail(
          command,
          `exited with ${entry.exitCode}, expected ${expectedExit}; it printed:\n${running.output}`,
        );
      }
    }
  } catch (error) {
    failure = error as Error;
  }
  // Background commands end with the block: Ctrl-C, then they must exit 0 or 130.
  for (const { running, what } of background.reverse()) {
    running.child.kill('SIGINT');
    const code = await running.finish(`${what} after Ctrl-C`, 15_000).catch((error: Error) => error);
    if (code instanceof Error) failure ??= new Error(`${block.file}:${block.line}: ${code.message}`);
    else if (code !== 0 && code !== 130) {
      failure ??= new Error(`${block.file}:${block.line}: ${what} exited with ${code} after Ctrl-C`);
    }
  }
  if (failure) throw failure;
  return report;
}
