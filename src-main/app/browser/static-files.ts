import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Serves the built renderer (dist/renderer) and nothing outside it: a path that normalizes outside
 * the folder, a dotfile or an unknown type is a 404. Hashed assets are cached for good; index.html
 * never is, so a new build is picked up on reload.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  response: ServerResponse,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const path = normalize(join(root, relative));
  const type = CONTENT_TYPES[extname(path)];
  if (!path.startsWith(root + sep) || relative.split('/').some((p) => p.startsWith('.')) || !type) {
    notFound(response, headers);
    return;
  }
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    notFound(response, headers);
    return;
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Content-Length': String(size),
    'Cache-Control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  if (headOnly) {
    response.end();
    return;
  }
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}

function notFound(response: ServerResponse, headers: Record<string, string>): void {
  response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end('Not found\n');
}
