/**
 * Issue 11 §2: the npm package as a user gets it. `npm pack` makes the tarball from this build (its
 * prepack, prune-dist, is run first; `npm test` has just built), `npm install -g --prefix` installs it
 * into an empty prefix with its dependencies from the registry (or npm's cache), and then only that
 * prefix's bin is on PATH, with the system's folders for /usr/bin/aws, Python and ssh: the AWS CLIs
 * find the installed session-manager-plugin and nothing of this repository.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src-main/emulator/emulator.js';
import { PLUGIN_VERSION, PRODUCT_VERSION } from '../src-shared/version.js';
import { awsCliEnvironment, findAwsClis, REPO_ROOT } from './support/aws-cli.js';
import { linuxInstance, startEmulator } from './support/emulator-fixture.js';
import { BackgroundCommand, download, sha256, startFileServer } from './support/port-tools.js';
import { SSHD, startSshd, type Sshd } from './support/sshd.js';
import { TmuxTerminal } from './support/tmux.js';

const runFile = promisify(execFile);

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  exports: Record<string, string | { types?: string; import?: string }>;
  bin: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const clis = findAwsClis();
const v2 = clis.find((cli) => cli.label === 'v2');

/** Every file below `dir` (relative, with forward slashes), not descending into `skip` folders. */
function filesBelow(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      const rel = relative(dir, path).split(sep).join('/');
      if (skip(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else found.push(rel);
    }
  };
  walk(dir);
  return found;
}

describe('the npm package, packed and installed globally into a fresh prefix', () => {
  let work: string;
  let prefix: string;
  let installed: string;
  /** PATH with only the prefix's bin and the system's folders. */
  let path: string;
  /** A folder holding only a `node` link to this Node. */
  let nodeOnlyDir: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ssm-desk-npm-'));
    const prune = spawnSync(process.execPath, [join(REPO_ROOT, 'src-main/app/scripts/prune-dist.mjs')]);
    expect(prune.status).toBe(0);
    // --ignore-scripts: prepare would build again (the build is fresh) and prune ran above.
    const packed = await runFile('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: REPO_ROOT,
      maxBuffer: 16 << 20,
    });
    const filename = (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]?.filename ?? '';
    expect(filename).toMatch(/^ssm-desk-.*\.tgz$/);
    prefix = join(work, 'prefix');
    await runFile(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(work, filename),
      ],
      { cwd: work, maxBuffer: 16 << 20 },
    );
    installed = join(prefix, 'lib', 'node_modules', 'ssm-desk');
    // Node for the bins' `#!/usr/bin/env node`, alone in its folder: the folder of this Node may
    // also hold an `npm link`ed ssm-desk.
    nodeOnlyDir = join(work, 'node-only');
    mkdirSync(nodeOnlyDir);
    symlinkSync(process.execPath, join(nodeOnlyDir, 'node'));
    path = [join(prefix, 'bin'), nodeOnlyDir, '/usr/bin', '/bin'].join(':');
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    runFile(command, args, { env: { HOME: work, LANG: 'C.UTF-8', ...env, PATH: path }, timeout: 60_000 });

  it('puts ssm-desk and session-manager-plugin on PATH from the prefix, and nothing else of ours', async () => {
    const { stdout } = await run('sh', ['-c', 'command -v session-manager-plugin; command -v ssm-desk']);
    expect(stdout.split('\n').filter(Boolean)).toEqual([
      join(prefix, 'bin', 'session-manager-plugin'),
      join(prefix, 'bin', 'ssm-desk'),
    ]);
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['session-manager-plugin', 'ssm-desk']);
  });

  it('holds the CLI, the plugin, the library and the emulator; no tests, source maps, TypeScript sources or app', () => {
    const files = filesBelow(installed, (rel) => rel === 'node_modules');
    expect(files.filter((file) => /\.test\.|(^|\/)__fixtures__\//.test(file))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /\.[cm]?ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /^dist\/(renderer|bench|src-main\/app)\//.test(file))).toEqual([]);
    expect(files.filter((file) => /^dist\/src-main\/emulator\/testing\//.test(file))).toEqual([]);
    // The commands are the bundles in dist/bin; tsc's copies of them (the desktop app's) are not shipped.
    expect(manifest.bin).toEqual({
      'session-manager-plugin': 'dist/bin/session-manager-plugin.cjs',
      'ssm-desk': 'dist/bin/ssm-desk.mjs',
    });
    expect(files.filter((file) => /^dist\/src-main\/(cli|plugin)\//.test(file))).toEqual([]);
    const entries = [
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : [target.types ?? '', target.import ?? ''],
      ),
    ].map((file) => posix.normalize(file));
    for (const entry of entries) expect(files, entry).toContain(entry);
    const outside = files.filter((file) => !/^dist\/(bin|src-main|src-shared)\//.test(file));
    expect(outside.sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
      'src-main/app/scripts/fetch-electron.mjs',
    ]);
  });

  it('every declaration file the types entries reach is shipped', () => {
    const queue = Object.values(manifest.exports)
      .flatMap((target) => (typeof target === 'string' ? [] : [target.types ?? '']))
      .filter(Boolean);
    const seen = new Set<string>();
    const missing: string[] = [];
    while (queue.length) {
      const file = posix.normalize(queue.pop() as string);
      if (seen.has(file)) continue;
      seen.add(file);
      if (!existsSync(join(installed, file))) {
        missing.push(file);
        continue;
      }
      const text = readFileSync(join(installed, file), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)) {
        queue.push(posix.join(posix.dirname(file), (specifier as string).replace(/\.js$/, '.d.ts')));
      }
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('installs the production dependencies and none of the development ones', () => {
    const packages = new Set(
      filesBelow(join(installed, 'node_modules'))
        .filter((file) => file.endsWith('/package.json'))
        .map((file) => /(?:^|\/)((?:@[^/]+\/)?[^/@]+)\/package\.json$/.exec(file)?.[1] ?? ''),
    );
    for (const name of Object.keys(manifest.dependencies ?? {})) expect(packages.has(name), name).toBe(true);
    // Development packages that the production tree does not also need (@smithy/types is both).
    const production = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--long'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    })
      .stdout.split('\n')
      .map((line) => (line.split(':')[1] ?? '').replace(/@[^@]+$/, ''));
    const devOnly = Object.keys(manifest.devDependencies ?? {}).filter((name) => !production.includes(name));
    expect(devOnly).toEqual(expect.arrayContaining(['electron', 'react', 'vite', 'typescript', 'vitest']));
    expect(devOnly.filter((name) => packages.has(name))).toEqual([]);
  });

  it('ssm-desk --help lists the commands, --version names the release', async () => {
    const help = await run('ssm-desk', ['--help']);
    expect(help.stdout).toMatch(/^Usage: ssm-desk <command> \[options\]/);
    for (const command of ['ls', 'connect', 'exec', 'sessions', 'forward', 'ssh', 'ssh-config', 'emulator']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect((await run('ssm-desk', ['--version'])).stdout.trim()).toBe(`ssm-desk ${PRODUCT_VERSION}`);
  });

  it('every command ssm-desk --help lists has its own --help', async () => {
    const help = (await run('ssm-desk', ['--help'])).stdout;
    const section = help.slice(help.indexOf('Commands:'), help.indexOf('\n\n', help.indexOf('Commands:')));
    const commands = [
      ...new Set([...section.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((match) => match[1] as string)),
    ];
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const command of commands) {
      const { stdout } = await run('ssm-desk', [command, '--help']);
      expect(stdout, command).toMatch(new RegExp(`^Usage: ssm-desk ${command}\\b`));
    }
  });

  it('session-manager-plugin --version prints the plugin version', async () => {
    expect((await run('session-manager-plugin', ['--version'])).stdout).toBe(`${PLUGIN_VERSION}\n`);
  });

  it("the library and the emulator import by the package's name, run a command, and name every layer's error", async () => {
    const consumer = join(work, 'consumer');
    mkdirSync(join(consumer, 'node_modules'), { recursive: true });
    symlinkSync(installed, join(consumer, 'node_modules', 'ssm-desk'));
    writeFileSync(
      join(consumer, 'use.mjs'),
      [
        "import { createAwsContext, createSession, resolveTarget, runCommand } from 'ssm-desk';",
        "import { ProtocolError, SessionError, TransportError, toErrorInfo } from 'ssm-desk';",
        "import { Emulator } from 'ssm-desk/emulator';",
        'const emulator = await Emulator.start();',
        'try {',
        "  const aws = await createAwsContext({ region: 'us-east-1', endpointUrl: emulator.endpoint });",
        "  const { candidates } = await resolveTarget([aws], 'web-1');",
        '  const command = "sh -c \'echo lib-$((6*7))\'";',
        '  const result = await runCommand(aws, { target: candidates[0].instanceId, command });',
        // A data channel the emulator does not know: the session fails, coded at each layer.
        "  const streamUrl = `${emulator.endpoint.replace(/^http/, 'ws')}/v1/data-channel/demo-none?role=publish_subscribe`;",
        "  const session = createSession(aws, { sessionId: 'demo-none', tokenValue: 'none', streamUrl }, 'i-none', {});",
        '  await session.start().catch(() => undefined);',
        '  const end = await session.done;',
        '  const failed = {',
        '    kind: end.kind,',
        '    session: end.error instanceof SessionError && end.error.code,',
        '    transport: end.error.cause instanceof TransportError && end.error.cause.code,',
        "    protocol: toErrorInfo(new ProtocolError('payload-digest-mismatch', 'digest')).code,",
        '  };',
        '  console.log(JSON.stringify({ stdout: String(result.stdout), exitCode: result.exitCode, failed }));',
        '} finally {',
        '  await emulator.close();',
        '}',
      ].join('\n'),
    );
    const { stdout } = await runFile(process.execPath, ['use.mjs'], {
      cwd: consumer,
      env: { PATH: path, HOME: work, AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo' },
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      stdout: 'lib-42\n',
      exitCode: 0,
      failed: {
        kind: 'failed',
        session: 'connect-failed',
        transport: 'open-failed',
        protocol: 'payload-digest-mismatch',
      },
    });
  });

  describe('the AWS CLIs against the emulator, with only the installed plugin on PATH', () => {
    let emulator: Emulator;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      emulator = await startEmulator();
      env = { ...awsCliEnvironment(emulator.endpoint), PATH: path };
    });
    afterAll(async () => {
      await emulator?.close();
    });

    it('finds both AWS CLIs', () => {
      expect(clis.map((cli) => cli.label)).toEqual(['v1', 'v2']);
    });

    it.each(clis.map((cli) => [cli.label, cli] as const))(
      'AWS CLI %s: a NonInteractiveCommand session',
      async (_label, cli) => {
        const result = await runFile(
          cli.path,
          [
            'ssm',
            'start-session',
            '--target',
            linuxInstance(emulator).instanceId,
            '--document-name',
            'AWS-StartNonInteractiveCommand',
            '--parameters',
            // The agent splits the command into words (no shell), as the real one does.
            JSON.stringify({ command: ["sh -c 'echo installed-$((6*7))'"] }),
            '--endpoint-url',
            emulator.endpoint,
          ],
          { env, timeout: 60_000 },
        );
        expect(result.stdout).toContain('installed-42');
      },
    );

    /**
     * The installed bins copied alone, without node_modules: what the bundles need must be in them.
     * `shell-only` also lacks lib/ (the AWS SDK and the shared-config code, which a plugin session
     * imports only for ResumeSession, TerminateSession and KMS).
     */
    const bareBins = (name: string, withLib: boolean): string => {
      const dir = join(work, name);
      cpSync(join(installed, 'dist', 'bin'), dir, {
        recursive: true,
        filter: (source) =>
          withLib || !/^lib([/\\]|$)/.test(relative(join(installed, 'dist', 'bin'), source)),
      });
      symlinkSync(join(dir, 'session-manager-plugin.cjs'), join(dir, 'session-manager-plugin'));
      return dir;
    };

    it('the bundled ssm-desk runs from its dist/bin alone: the AWS SDK is in its chunks', async () => {
      const dir = bareBins('bins-alone', true);
      expect(existsSync(join(dir, 'lib'))).toBe(true);
      const { stdout } = await runFile(
        process.execPath,
        [join(dir, 'ssm-desk.mjs'), 'ls', '--endpoint-url', emulator.endpoint, '--region', 'us-east-1'],
        { env: { ...env, PATH: [nodeOnlyDir, '/usr/bin', '/bin'].join(':') }, timeout: 60_000 },
      );
      expect(stdout).toContain(linuxInstance(emulator).instanceId);
    });

    it.each([
      ['the installed plugin', () => join(prefix, 'bin')],
      ['the plugin bundle alone, without the AWS SDK', () => bareBins('shell-only', false)],
    ])('AWS CLI v2: an interactive shell through %s', async (_what, binDir) => {
      expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
      const dir = binDir();
      const command =
        `${v2?.path} ssm start-session --target ${linuxInstance(emulator).instanceId}` +
        ` --endpoint-url ${emulator.endpoint} --region us-east-1; echo "PLUGIN-EXIT=$?"; sleep 600`;
      const terminal = TmuxTerminal.start(command, {
        env: { ...env, PATH: [dir, nodeOnlyDir, '/usr/bin', '/bin'].join(':') },
        cols: 100,
        rows: 30,
      });
      try {
        await terminal.waitFor(/Starting session with SessionId: \S+/);
        await terminal.waitFor(/[$#] $/m);
        terminal.type('echo shell-$((6*7))', true);
        await terminal.waitFor(/^shell-42$/m);
        terminal.type('exit', true);
        const screen = await terminal.waitFor(/PLUGIN-EXIT=\d+/);
        expect(screen).toMatch(/\n\nExiting session with sessionId: \S+\.\n\n/);
        expect(screen).toMatch(/PLUGIN-EXIT=0/);
      } finally {
        terminal.kill();
      }
    });

    it('AWS CLI v2: a KMS-encrypted session, whose KMS call the installed plugin loads from dist/bin/lib', async () => {
      expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
      const kms = await startEmulator((config) => {
        config.preferences.kmsKeyId = 'alias/ssm-desk-npm';
      });
      try {
        const result = await runFile(
          v2?.path ?? 'aws',
          [
            'ssm',
            'start-session',
            '--target',
            linuxInstance(kms).instanceId,
            '--document-name',
            'AWS-StartNonInteractiveCommand',
            '--parameters',
            JSON.stringify({ command: ["sh -c 'echo sealed-$((6*7))'"] }),
            '--endpoint-url',
            kms.endpoint,
          ],
          { env: { ...awsCliEnvironment(kms.endpoint), PATH: path }, timeout: 60_000 },
        );
        expect(result.stdout).toContain('This session is encrypted using AWS KMS.');
        expect(result.stdout).toContain('sealed-42');
      } finally {
        await kms.close();
      }
    });

    it('AWS CLI v2: AWS-StartPortForwardingSession to a local HTTP server', async () => {
      expect(v2, 'Debian awscli (v2) is installed').toBeDefined();
      const files = await startFileServer(4, 256 * 1024);
      const tunnel = new BackgroundCommand(
        v2?.path ?? 'aws',
        [
          'ssm',
          'start-session',
          '--target',
          linuxInstance(emulator).instanceId,
          '--document-name',
          'AWS-StartPortForwardingSession',
          '--parameters',
          JSON.stringify({ portNumber: [String(files.port)], localPortNumber: ['0'] }),
          '--endpoint-url',
          emulator.endpoint,
        ],
        env,
      );
      try {
        const [, port] = await tunnel.waitFor(/Port (\d+) opened for sessionId \S+\.\n/);
        const bodies = await Promise.all(files.hashes.map((_, i) => download(Number(port), `/f/${i}`)));
        expect(bodies.map(sha256)).toEqual(files.hashes);
        expect(await tunnel.interrupt()).toBe(0);
      } finally {
        tunnel.kill();
        files.server.close();
      }
    });

    describe('OpenSSH with AWS-StartSSHSession as its ProxyCommand', () => {
      let sshd: Sshd | undefined;
      let dir: string;

      beforeAll(async () => {
        expect(existsSync(SSHD), 'Debian openssh-server is installed').toBe(true);
        dir = mkdtempSync(join(tmpdir(), 'ssm-desk-npm-sshd-'));
        chmodSync(dir, 0o700);
        await runFile('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
        await runFile('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'user_key')]);
        writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')));
        chmodSync(join(dir, 'authorized_keys'), 0o600);
        sshd = await startSshd(dir);
      });
      afterAll(() => {
        sshd?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      it('ssh runs a command on the instance through the installed plugin', async () => {
        const proxy =
          `${v2?.path} ssm start-session --target %h --document-name AWS-StartSSHSession ` +
          `--parameters portNumber=%p --endpoint-url ${emulator.endpoint} --region us-east-1`;
        const target = `${userInfo().username}@${linuxInstance(emulator).instanceId}`;
        const { stdout } = await runFile(
          'ssh',
          [
            '-F',
            '/dev/null',
            '-i',
            join(dir, 'user_key'),
            '-o',
            'IdentitiesOnly=yes',
            '-o',
            'StrictHostKeyChecking=no',
            '-o',
            'UserKnownHostsFile=/dev/null',
            '-o',
            'LogLevel=ERROR',
            '-o',
            'BatchMode=yes',
            '-o',
            `ProxyCommand=${proxy}`,
            '-p',
            String(sshd?.port),
            target,
            'echo ssh-$((6*7))',
          ],
          { env, timeout: 60_000 },
        );
        expect(stdout).toBe('ssh-42\n');
      });
    });
  });
});
