import { toSessionEndInfo } from '../../client/error-info.js';
import { startShell } from '../../client/start-shell.js';
import type { ProfileDirectory } from './profile-directory.js';
import type { ShellStarter } from './shell-connection.js';

/** What a paused tab's session may take in before it stops reading its websocket. */
const HOLD_BYTES = 64 * 1024;

/** Shell tabs on the library's startShell, with each profile's AwsContext. */
export function libraryShellStarter(profiles: ProfileDirectory): ShellStarter {
  return async (target, size, signal, sink) => {
    const context = await profiles.contextFor(target.profile, target.region);
    // Paused tabs hold little: what a resume hands on at once stays small (flow-control.ts).
    const handle = await startShell(context, {
      target: target.instanceId,
      size,
      signal,
      holdBytes: HOLD_BYTES,
    });
    // Known once the handshake is done: by its 'message', or the first output without one.
    let encryptionKnown = false;
    const checkEncrypted = (): void => {
      if (encryptionKnown || handle.encrypted === undefined) return;
      encryptionKnown = true;
      if (handle.encrypted) sink.encrypted();
    };
    handle.on('output', (data) => {
      checkEncrypted();
      sink.output(data);
    });
    handle.on('state', (state, detail) => {
      checkEncrypted();
      sink.state(state, detail);
    });
    handle.on('message', checkEncrypted);
    handle.on('exit', (end) => sink.exit(toSessionEndInfo(end)));
    return {
      sessionId: handle.sessionId,
      write: (data) => handle.write(data),
      resize: (cols, rows) => handle.resize(cols, rows),
      pause: () => handle.pause(),
      resume: () => handle.resume(),
      close: () => handle.close(),
    };
  };
}
