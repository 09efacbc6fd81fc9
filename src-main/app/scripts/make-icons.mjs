#!/usr/bin/env node
// Renders assets/icon.svg, the app's one icon source, into every file the packages need:
//   assets/icons/<N>x<N>.png  16…1024   Linux (electron-builder's icon set: hicolor sizes, AppImage)
//   assets/icon.ico                     Windows (exe, installer): BMP entries 16–128, PNG 256
//   assets/icon.icns                    macOS: PNG entries 16–1024, 1x and 2x
//   assets/icons/source.json            the SVG's SHA-256 and each output's, checked by
//                                       e2e/packaging.test.ts so the files cannot drift from the SVG
// Each size is rendered from the vector (no downscaling of one bitmap), so small sizes stay crisp.
//
// The outputs are committed: they are build inputs, small, and this way neither `npm ci` nor the
// build needs a renderer. After changing the SVG, run `node src-main/app/scripts/make-icons.mjs` and
// commit the results. The renderer (@resvg/resvg-js: resvg with prebuilt binaries on npm) is not a
// dependency of the project; this script installs it into node_modules/.cache on first use.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const assets = join(root, 'assets');
const RESVG = '@resvg/resvg-js@2.6.2';
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS element types holding PNG data, and their pixel size (Apple's icns format). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic13', 256], // 128@2x
  ['ic08', 256],
  ['ic14', 512], // 256@2x
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
];

function fail(message) {
  console.error(`make-icons: ${message}`);
  process.exit(1);
}

/** resvg-js from the project if present, else from a private install under node_modules/.cache. */
function loadResvg() {
  const fromProject = createRequire(join(root, 'package.json'));
  try {
    return fromProject('@resvg/resvg-js').Resvg;
  } catch {
    // not a project dependency: use (or make) the private install
  }
  const tools = join(root, 'node_modules', '.cache', 'ssm-desk-icon-tools');
  const fromTools = createRequire(join(tools, 'package.json'));
  try {
    return fromTools('@resvg/resvg-js').Resvg;
  } catch {
    mkdirSync(tools, { recursive: true });
    if (!existsSync(join(tools, 'package.json')))
      writeFileSync(join(tools, 'package.json'), '{"private":true}\n');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', RESVG], {
        cwd: tools,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      return fromTools('@resvg/resvg-js').Resvg;
    } catch (error) {
      const detail = String(error.stderr || error.message)
        .trim()
        .split('\n')[0];
      fail(`could not install ${RESVG} from the npm registry (${detail})`);
    }
  }
  return undefined;
}

/** Straight (not premultiplied) RGBA from resvg's premultiplied pixels. */
function straightAlpha(pixels) {
  const out = Buffer.from(pixels);
  for (let i = 0; i < out.length; i += 4) {
    const alpha = out[i + 3];
    if (alpha === 0 || alpha === 255) continue;
    for (let c = 0; c < 3; c++) out[i + c] = Math.min(255, Math.round((out[i + c] * 255) / alpha));
  }
  return out;
}

/** A 32-bit BMP icon image (BITMAPINFOHEADER, bottom-up BGRA, then the 1-bit AND mask). */
function icoBitmap(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour and mask, stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4, 20);
  const pixels = Buffer.alloc(size * size * 4);
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size);
  for (let y = 0; y < size; y++) {
    const row = size - 1 - y;
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = (row * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
      if (rgba[from + 3] === 0) mask[row * maskRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([header, pixels, mask]);
}

function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, index) => {
    const entry = 6 + 16 * index;
    header[entry] = size === 256 ? 0 : size; // 0 means 256
    header[entry + 1] = size === 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(data.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.data)]);
}

function icns(elements) {
  const parts = elements.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

const svgPath = join(assets, 'icon.svg');
if (!existsSync(svgPath)) fail('assets/icon.svg is missing');
const svg = readFileSync(svgPath);
const Resvg = loadResvg();
const render = (size) => new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render();

mkdirSync(join(assets, 'icons'), { recursive: true });
const png = new Map();
const outputs = {};
const write = (relativePath, data) => {
  writeFileSync(join(assets, relativePath), data);
  outputs[relativePath] = sha256(data);
};
for (const size of PNG_SIZES) {
  const data = render(size).asPng();
  png.set(size, data);
  write(`icons/${size}x${size}.png`, data);
}
write(
  'icon.ico',
  ico(
    ICO_SIZES.map((size) => {
      if (size === 256) return { size, data: png.get(256) };
      const image = render(size);
      return { size, data: icoBitmap(size, straightAlpha(image.pixels)) };
    }),
  ),
);
write('icon.icns', icns(ICNS_TYPES.map(([type, size]) => ({ type, data: png.get(size) }))));
writeFileSync(
  join(assets, 'icons', 'source.json'),
  JSON.stringify({ source: 'icon.svg', sha256: sha256(svg), renderer: RESVG, outputs }, null, 2) + '\n',
);
console.log(`make-icons: ${Object.keys(outputs).length} files written from assets/icon.svg`);
