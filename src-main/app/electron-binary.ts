import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Electron binary npm installed, or undefined when there is none (the download failed, as on a
 * machine without internet, or `electron` is not installed at all, as in a production npm install).
 * The `electron` package's main export, required from Node, is the binary's path.
 */
export function installedElectronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
