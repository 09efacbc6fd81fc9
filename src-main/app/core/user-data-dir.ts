import { homedir } from 'node:os';
import { join } from 'node:path';

/** The product name, which is also the name of the user-data folder (as Electron names it). */
export const PRODUCT_NAME = 'SSM Desk';

/**
 * Where the app keeps settings, favourites and saved tunnels: the folder Electron's
 * `app.getPath('userData')` names, so browser mode and the desktop app share them.
 * SSM_DESK_USER_DATA overrides it (tests, portable installs).
 */
export function defaultUserDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SSM_DESK_USER_DATA) return env.SSM_DESK_USER_DATA;
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), PRODUCT_NAME);
}
