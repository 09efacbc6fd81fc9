/**
 * Issue 11 §1: the desktop packaging, checked where no Electron runtime can be downloaded.
 *
 * electron-builder builds the unpacked Linux app (`--linux dir`, the step every Linux target starts
 * from) with the project's own electron-builder.yml, only pointed at a stand-in Electron folder
 * (`electronDist`) and a temporary output folder. The assertions read what landed: app.asar (through
 * @electron/asar), what was left unpacked, resources/bin, the fuses in the binary, and the desktop
 * entry and icons the Linux targets would install (computed by electron-builder's own helper in an
 * afterPack hook, since deb/rpm/AppImage need tools that are downloads). Then the packaged tree is
 * run: Node stands in for the Electron binary (ELECTRON_RUN_AS_NODE makes Electron plain Node), the
 * launchers start the packaged CLI and plugin, and the packaged emulator serves a packaged `exec`.
 *
 * The stand-in Electron folder holds what electron-builder touches in a Linux Electron zip: the
 * `electron` executable (renamed to linux.executableName, and carrying the fuse wire that
 * electronFuses flips: @electron/fuses finds it after its sentinel), LICENSE (moved to
 * LICENSE.electron.txt), LICENSES.chromium.html and `version`. Chromium's own files (.pak, .so,
 * snapshots) are copied through untouched, so they are not needed to check our configuration.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import * as asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper.js';
import { Arch, build, LinuxPackager, Platform, type AfterPackContext } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_VERSION, PRODUCT_VERSION } from '../src-shared/version.js';
import { REPO_ROOT } from './support/aws-cli.js';
import { BackgroundCommand } from './support/port-tools.js';
import { skipUnless } from './support/skip.js';

const runFile = promisify(execFile);

interface PackageJson {
  name: string;
  version: string;
  productName?: string;
  main?: string;
  desktopName?: string;
  type?: string;
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const electronVersion = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as PackageJson
).version;
const ARCH = process.arch === 'arm64' ? Arch.arm64 : Arch.x64;
const LAUNCHER = join(REPO_ROOT, 'src-main', 'app', 'launchers', 'ssm-desk');

/** A fuse's state in the wire: the characters '1' and '0' (@electron/fuses does not export these). */
const FuseState = { ENABLE: 0x31, DISABLE: 0x30 } as const;

/** Electron's own defaults for the first eight fuses (a real binary ships with these). */
const STOCK_FUSES = [
  FuseState.ENABLE, // RunAsNode
  FuseState.DISABLE, // EnableCookieEncryption
  FuseState.ENABLE, // EnableNodeOptionsEnvironmentVariable
  FuseState.ENABLE, // EnableNodeCliInspectArguments
  FuseState.DISABLE, // EnableEmbeddedAsarIntegrityValidation
  FuseState.DISABLE, // OnlyLoadAppFromAsar
  FuseState.DISABLE, // LoadBrowserProcessSpecificV8Snapshot
  FuseState.ENABLE, // GrantFileProtocolExtraPrivileges
];

function standInElectron(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const script = Buffer.from(
    '#!/bin/sh\necho "stand-in for the Electron binary (e2e/packaging.test.ts)" >&2\nexit 1\n# fuse wire: ',
  );
  const wire = Buffer.from([
    ...Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), // @electron/fuses' sentinel
    1, // wire version
    STOCK_FUSES.length,
    ...STOCK_FUSES,
    0x0a,
  ]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([script, wire]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'Electron licence (stand-in)\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!-- Chromium licences (stand-in) -->\n');
  writeFileSync(join(dir, 'version'), `${electronVersion}\n`);
}

/** The desktop entry, MIME package and icons the deb, rpm and AppImage targets would install. */
interface LinuxIntegration {
  desktopFileName: string;
  desktopEntry: string;
  mimeTypes: string;
  icons: Array<{ file: string; size: number }>;
}

async function linuxIntegration(context: AfterPackContext): Promise<LinuxIntegration> {
  const packager = context.packager;
  if (!(packager instanceof LinuxPackager)) throw new Error('afterPack ran for another platform');
  const helper = new LinuxTargetHelper(packager);
  const mimeFile = await helper.mimeTypeFiles;
  return {
    desktopFileName: `${helper.getDesktopFileName()}.desktop`,
    desktopEntry: await helper.computeDesktopEntry(packager.platformSpecificBuildOptions),
    mimeTypes: mimeFile ? readFileSync(mimeFile, 'utf8') : '',
    icons: (await helper.icons).map(({ file, size }) => ({ file, size })),
  };
}

/** Module specifiers a built JS file loads: static and dynamic imports, re-exports, require(). */
function specifiers(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    // Statements start a line (tsc) or follow `;`/`}` (minified chunks).
    /(?:^|[;}])\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    /(?:^|[;}])\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  return [...found];
}

/** A package's name from a bare specifier (`@aws-sdk/client-ssm/x` → `@aws-sdk/client-ssm`). */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** tsc's output for a module with only types: nothing runs, so shipping it costs nothing. */
const TYPE_ONLY = /^(\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*)*export\s*\{\s*\};?(\s|\/\/[^\n]*)*$/;

describe('the unpacked Linux app built from electron-builder.yml (stand-in Electron)', () => {
  let work: string;
  let appOut: string;
  let resources: string;
  let archive: string;
  /** Every path in app.asar, without the leading slash. */
  let listed: Set<string>;
  let integration: LinuxIntegration | undefined;

  const read = (path: string): string => asar.extractFile(archive, path).toString('utf8');
  const packageJsonIn = (path: string): PackageJson => JSON.parse(read(path)) as PackageJson;

  beforeAll(async () => {
    // As `npm run dist` does before it packages: outputs of deleted modules leave dist/.
    const pruned = spawnSync(process.execPath, [join(REPO_ROOT, 'src-main/app/scripts/prune-dist.mjs')]);
    expect(pruned.status).toBe(0);
    work = mkdtempSync(join(tmpdir(), 'ssm-desk-packaging-'));
    const electronDist = join(work, 'electron-dist');
    standInElectron(electronDist);
    await build({
      projectDir: REPO_ROOT,
      targets: Platform.LINUX.createTarget('dir', ARCH),
      publish: 'never',
      config: {
        electronDist,
        electronVersion,
        directories: { output: join(work, 'release') },
        afterPack: async (context) => {
          integration = await linuxIntegration(context);
        },
      },
    });
    appOut = join(work, 'release', ARCH === Arch.arm64 ? 'linux-arm64-unpacked' : 'linux-unpacked');
    resources = join(appOut, 'resources');
    archive = join(resources, 'app.asar');
    listed = new Set(asar.listPackage(archive, { isPack: false }).map((path) => path.slice(1)));
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('renames the stand-in binary to ssm-desk, keeps the Electron licence, and packs app.asar', () => {
    expect(statSync(join(appOut, 'ssm-desk')).mode & 0o111).toBe(0o111);
    expect(existsSync(join(appOut, 'electron'))).toBe(false);
    expect(readFileSync(join(appOut, 'LICENSE.electron.txt'), 'utf8')).toContain('Electron licence');
    expect(statSync(archive).isFile()).toBe(true);
    expect(existsSync(join(resources, 'app'))).toBe(false);
  });

  it("app.asar's package.json names the Electron main entry, which is in the archive", () => {
    const meta = packageJsonIn('package.json');
    expect(meta.main).toBe('dist/src-main/app/electron/main.js');
    expect(listed.has(meta.main ?? '')).toBe(true);
    expect(meta.version).toBe(PRODUCT_VERSION);
    expect(meta.type).toBe('module');
    expect(meta.desktopName).toBe('ssm-desk.desktop');
    // electron-builder drops what only development reads.
    expect(meta.devDependencies).toBeUndefined();
    expect(meta.scripts).toBeUndefined();
  });

  it('holds the preload and the renderer the main process loads, with every asset index.html names', () => {
    const main = read('dist/src-main/app/electron/main.js');
    expect(main).toContain("'preload.cjs'");
    expect(listed.has('dist/src-main/app/electron/preload.cjs')).toBe(true);
    // main.ts serves <its folder>/../../../renderer: dist/renderer.
    expect(main).toMatch(/join\(here, '\.\.', '\.\.', '\.\.', 'renderer'\)/);
    expect(listed.has('dist/renderer/index.html')).toBe(true);
    const html = read('dist/renderer/index.html');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map(
      (match) => `dist/renderer/${match[1]}`,
    );
    expect(assets.some((path) => path.endsWith('.js'))).toBe(true);
    expect(assets.some((path) => path.endsWith('.css'))).toBe(true);
    for (const path of assets) expect(listed.has(path), path).toBe(true);
    // Chunks Vite loads on demand (xterm.js and its WebGL addon) are there too.
    for (const chunk of [...listed].filter((path) => /^dist\/renderer\/assets\/.*\.js$/.test(path))) {
      for (const specifier of specifiers(read(chunk)).filter((s) => s.startsWith('.'))) {
        const target = posix.join(posix.dirname(chunk), specifier);
        expect(listed.has(target), `${chunk} loads ${specifier}`).toBe(true);
      }
    }
  });

  it('every module the app, the CLI and the plugin import is in the archive, and nothing unloaded ships', () => {
    const meta = packageJsonIn('package.json');
    // The entries: Electron's main and preload, the CLI and plugin the launchers run (tsc's output:
    // the npm package's bins are bundles in dist/bin, which the app does not ship), the library
    // entries, and the emulator's and `npm start`'s own mains.
    const entries = [
      meta.main ?? '',
      'dist/src-main/app/electron/preload.cjs',
      'dist/src-main/cli/main.js',
      'dist/src-main/plugin/main.js',
      'dist/src-main/index.js',
      'dist/src-main/emulator/index.js',
      'dist/src-main/emulator/main.js',
      'dist/src-main/app/launch.js',
    ];
    const reached = new Set<string>();
    const missing: string[] = [];
    const packages = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const file = queue.pop() as string;
      if (reached.has(file)) continue;
      if (!listed.has(file)) {
        missing.push(file);
        continue;
      }
      reached.add(file);
      for (const specifier of specifiers(read(file))) {
        if (specifier.startsWith('.')) queue.push(posix.join(posix.dirname(file), specifier));
        else if (!isBuiltin(specifier)) packages.add(packageName(specifier));
      }
    }
    expect(missing, 'imported but not packaged').toEqual([]);
    // Electron is the runtime itself; every other package must be in the archive's node_modules.
    for (const name of [...packages].filter((name) => name !== 'electron')) {
      expect(listed.has(`node_modules/${name}/package.json`), `package ${name}`).toBe(true);
    }
    // Test helpers and outputs of deleted modules are reached by no entry. tsc's empty output for a
    // types-only module is harmless. (src-shared is exempt: some of it is the renderer's, which Vite
    // bundles into dist/renderer, so its dist/src-shared copy is loaded by nothing, by design.)
    const unreached = [...listed]
      .filter((path) => /^dist\/src-main\/.*\.(js|cjs)$/.test(path) && !reached.has(path))
      .filter((path) => !TYPE_ONLY.test(read(path)));
    expect(unreached, 'packaged but loaded by nothing').toEqual([]);
  });

  it('holds no tests, source maps, TypeScript sources or declarations, and nothing but dist/ of ours', () => {
    const paths = [...listed];
    expect(paths.filter((path) => /\.test\.[cm]?js$|(^|\/)__fixtures__(\/|$)/.test(path))).toEqual([]);
    expect(paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(paths.filter((path) => /\.[cm]?ts$/.test(path))).toEqual([]);
    expect(paths.filter((path) => /^dist\/src-main\/emulator\/testing(\/|$)/.test(path))).toEqual([]);
    const top = new Set(paths.map((path) => path.split('/')[0]));
    expect([...top].sort()).toEqual(['dist', 'node_modules', 'package.json']);
    const inDist = new Set(
      paths.filter((path) => path.startsWith('dist/')).map((path) => path.split('/')[1]),
    );
    expect([...inDist].sort()).toEqual(['renderer', 'src-main', 'src-shared']);
  });

  it('node_modules holds exactly the production dependencies (no React, Vite, Electron or other dev tools)', () => {
    // npm's view of the production tree, as name@version.
    const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--long'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const production = ls.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(':')[1] as string)
      .sort();
    const packed = [...listed]
      .filter((path) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(path))
      .filter((path) => !/\/dist-[^/]+\//.test(path))
      .map((path) => {
        const meta = packageJsonIn(path);
        return `${meta.name}@${meta.version}`;
      })
      .sort();
    expect(packed).toEqual(production);
    for (const dev of ['react', 'react-dom', 'vite', 'vitest', 'typescript', 'playwright-core', 'eslint']) {
      expect(listed.has(`node_modules/${dev}/package.json`), dev).toBe(false);
    }
    for (const dev of ['electron', 'electron-builder', 'esbuild', 'prettier', '@xterm/xterm']) {
      expect(listed.has(`node_modules/${dev}/package.json`), dev).toBe(false);
    }
  });

  it('leaves node-pty (native addon, helper programs) unpacked beside app.asar', () => {
    const nodePty = ['node_modules/@lydell/node-pty/index.js', 'node_modules/@lydell/node-pty/package.json'];
    const binary = `node_modules/@lydell/node-pty-${process.platform}-${process.arch}/pty.node`;
    for (const path of [...nodePty, binary]) {
      const entry = asar.statFile(archive, path);
      expect('unpacked' in entry && entry.unpacked, path).toBe(true);
      expect(statSync(join(resources, 'app.asar.unpacked', path)).isFile(), path).toBe(true);
    }
    // Nothing else is unpacked: the rest loads from the archive.
    const unpackedPackages = readdirSync(join(resources, 'app.asar.unpacked', 'node_modules', '@lydell'));
    expect(unpackedPackages.every((name) => name.startsWith('node-pty'))).toBe(true);
    expect(readdirSync(join(resources, 'app.asar.unpacked'))).toEqual(['node_modules']);
  });

  it('ships the launcher in resources/bin as ssm-desk and session-manager-plugin, executable', () => {
    const launcher = readFileSync(LAUNCHER);
    for (const name of ['ssm-desk', 'session-manager-plugin']) {
      const path = join(resources, 'bin', name);
      expect(lstatSync(path).isFile(), name).toBe(true);
      expect(statSync(path).mode & 0o111, name).toBe(0o111);
      expect(readFileSync(path).equals(launcher), name).toBe(true);
    }
    expect(readdirSync(join(resources, 'bin')).sort()).toEqual(['session-manager-plugin', 'ssm-desk']);
  });

  it('flips the fuses: RunAsNode kept for the launchers, NODE_OPTIONS and --inspect off, asar only', async () => {
    const wire = await getCurrentFuseWire(join(appOut, 'ssm-desk'));
    const state = (fuse: FuseV1Options): unknown => wire[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(FuseState.DISABLE);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(FuseState.ENABLE);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(FuseState.DISABLE);
  });

  it('gives the Linux packages a desktop entry (Development, the window class, .ssmdesk) and every icon size', () => {
    expect(integration, 'the afterPack hook ran').toBeDefined();
    const { desktopFileName, desktopEntry, mimeTypes, icons } = integration as LinuxIntegration;
    expect(desktopFileName).toBe('ssm-desk.desktop');
    const entry = Object.fromEntries(
      desktopEntry
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(desktopEntry.startsWith('[Desktop Entry]\n')).toBe(true);
    expect(entry).toMatchObject({
      Name: 'SSM Desk',
      Exec: '"/opt/SSM Desk/ssm-desk" %U',
      Type: 'Application',
      Terminal: 'false',
      Icon: 'ssm-desk',
      StartupWMClass: 'SSM Desk',
      Categories: 'Development;Network;',
      MimeType: 'application/x-ssmdesk+json;',
    });
    expect(entry.Comment).toMatch(/Session Manager/);
    expect(mimeTypes).toContain('<mime-type type="application/x-ssmdesk+json">');
    expect(mimeTypes).toContain('<glob pattern="*.ssmdesk"/>');
    expect(icons.map(({ size }) => size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const { file } of icons) expect(dirname(file)).toBe(join(REPO_ROOT, 'assets', 'icons'));
  });

  describe('the packaged tree, run with Node standing in for the Electron binary', () => {
    let install: string;
    let emulator: BackgroundCommand | undefined;

    beforeAll(() => {
      // The launchers' fallback layout: resources/app instead of app.asar (Node cannot read an asar),
      // extracted from the archive with its unpacked files; Node as the app's binary.
      install = join(work, 'runnable');
      cpSync(appOut, install, { recursive: true });
      rmSync(join(install, 'ssm-desk'));
      symlinkSync(process.execPath, join(install, 'ssm-desk'));
      asar.extractAll(archive, join(install, 'resources', 'app'));
      rmSync(join(install, 'resources', 'app.asar'));
      rmSync(join(install, 'resources', 'app.asar.unpacked'), { recursive: true });
    });
    afterAll(() => emulator?.kill());

    const launcher = (name: string): string => join(install, 'resources', 'bin', name);
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'demo', AWS_SECRET_ACCESS_KEY: 'demo', NO_COLOR: '1' };

    it('bin/ssm-desk and bin/session-manager-plugin run the packaged CLI and plugin', async () => {
      const cli = await runFile(launcher('ssm-desk'), ['--version'], { env });
      expect(cli.stdout.trim()).toBe(`ssm-desk ${PRODUCT_VERSION}`);
      const plugin = await runFile(launcher('session-manager-plugin'), ['--version'], { env });
      expect(plugin.stdout.trim()).toBe(PLUGIN_VERSION);
    });

    it("the packaged emulator (node-pty from the package) serves the packaged CLI's exec", async () => {
      emulator = new BackgroundCommand(launcher('ssm-desk'), ['emulator', '--port', '0'], env);
      const [, endpoint] = await emulator.waitFor(/^(https?:\/\/127\.0\.0\.1:\d+)\S*\n/m, 60_000);
      const where = ['--endpoint-url', endpoint as string, '--region', 'us-east-1'];
      const listed = await runFile(launcher('ssm-desk'), ['ls', ...where, '--json'], { env });
      const names = (JSON.parse(listed.stdout) as Array<{ name?: string }>).map((instance) => instance.name);
      expect(names).toContain('web-1');
      const exec = await runFile(
        launcher('ssm-desk'),
        ['exec', 'web-1', ...where, '--', 'echo packaged-$((6*7))'],
        {
          env,
        },
      );
      expect(exec.stdout).toContain('packaged-42');
    });
  });
});

describe('the icons, rendered from assets/icon.svg by make-icons.mjs', () => {
  const assets = join(REPO_ROOT, 'assets');
  const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
  const stamp = JSON.parse(readFileSync(join(assets, 'icons', 'source.json'), 'utf8')) as {
    sha256: string;
    outputs: Record<string, string>;
  };
  /** Width and height from a PNG's IHDR chunk. */
  const pngSize = (data: Buffer): [number, number] => {
    expect(data.subarray(1, 4).toString('latin1')).toBe('PNG');
    return [data.readUInt32BE(16), data.readUInt32BE(20)];
  };

  it('were made from the SVG as it is now, and not edited since', () => {
    expect(stamp.sha256, 'assets/icon.svg changed: run node src-main/app/scripts/make-icons.mjs').toBe(
      sha256(readFileSync(join(assets, 'icon.svg'))),
    );
    expect(Object.keys(stamp.outputs).length).toBe(11);
    for (const [path, hash] of Object.entries(stamp.outputs)) {
      expect(sha256(readFileSync(join(assets, path))), path).toBe(hash);
    }
  });

  it('Linux: a PNG per size, 16 to 1024, each as large as its name says', () => {
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(readFileSync(join(assets, 'icons', `${size}x${size}.png`)))).toEqual([size, size]);
    }
  });

  it('Windows: icon.ico holds 16 to 256 (BMP entries, PNG for 256)', () => {
    const ico = readFileSync(join(assets, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const entries = Array.from({ length: count }, (_, index) => {
      const at = 6 + 16 * index;
      const size = ico[at] || 256;
      const data = ico.subarray(
        ico.readUInt32LE(at + 12),
        ico.readUInt32LE(at + 12) + ico.readUInt32LE(at + 8),
      );
      return { size, data };
    });
    expect(entries.map(({ size }) => size)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const { size, data } of entries) {
      if (size === 256) expect(pngSize(data)).toEqual([256, 256]);
      else
        expect([data.readUInt32LE(0), data.readInt32LE(4), data.readInt32LE(8)]).toEqual([
          40,
          size,
          size * 2,
        ]);
    }
  });

  it('macOS: icon.icns holds PNGs for 16 to 512 at 1x and 2x', () => {
    const icns = readFileSync(join(assets, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const elements = new Map<string, [number, number]>();
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      elements.set(icns.subarray(at, at + 4).toString('latin1'), pngSize(icns.subarray(at + 8)));
    }
    expect(Object.fromEntries(elements)).toEqual({
      icp4: [16, 16],
      icp5: [32, 32],
      ic11: [32, 32],
      icp6: [64, 64],
      ic12: [64, 64],
      ic07: [128, 128],
      ic13: [256, 256],
      ic08: [256, 256],
      ic14: [512, 512],
      ic09: [512, 512],
      ic10: [1024, 1024],
    });
  });
});

const electronInstalled = (() => {
  try {
    const dir = join(REPO_ROOT, 'node_modules', 'electron');
    return existsSync(join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim()));
  } catch {
    return false;
  }
})();

describe(
  'npm run dist where no Electron runtime can be downloaded',
  skipUnless(!electronInstalled, 'this machine has an Electron binary, so npm run dist would build for real'),
  () => {
    it('says so in one line and exits 1', () => {
      const result = spawnSync('npm', ['run', '--silent', 'dist'], { cwd: REPO_ROOT, encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^ssm-desk dist: no Electron runtime could be downloaded on this machine .*\n$/,
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  },
);
