import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoreServices } from '../core-services.js';
import type { RequestHandlers } from '../dispatch.js';
import { checkLocalPort } from '../port-holder.js';
import { rdpFile } from '../rdp-file.js';

type WorkspaceHandlers = Pick<
  RequestHandlers,
  | 'tunnels.list'
  | 'tunnels.save'
  | 'tunnels.delete'
  | 'tunnels.duplicate'
  | 'tunnels.start'
  | 'tunnels.stop'
  | 'tunnels.checkPort'
  | 'tunnels.export'
  | 'tunnels.import'
  | 'tunnels.rdp'
  | 'fleet.start'
  | 'fleet.list'
  | 'fleet.rerunFailed'
  | 'fleet.cancel'
  | 'fleet.output'
  | 'fleet.export'
  | 'recordings.list'
  | 'recordings.get'
  | 'recordings.delete'
  | 'history.list'
  | 'history.clear'
>;

/** The port-forward manager, fleet commands, recordings and the session history. */
export function workspaceHandlers(core: CoreServices): WorkspaceHandlers {
  const { tunnels, fleet, recordings, history } = core;
  return {
    'tunnels.list': () => tunnels.list(),
    'tunnels.save': ({ spec }) => tunnels.save(spec),
    'tunnels.delete': async ({ id }) => {
      await tunnels.delete(id);
      return {};
    },
    'tunnels.duplicate': ({ id }) => tunnels.duplicate(id),
    'tunnels.start': ({ id }) => tunnels.start(id),
    'tunnels.stop': ({ id }) => tunnels.stop(id),
    'tunnels.checkPort': ({ bindAddress, port }) => checkLocalPort(bindAddress, port),
    'tunnels.export': ({ ids }) => tunnels.exportBundle(ids),
    'tunnels.import': ({ text }) => tunnels.importBundle(text),
    'tunnels.rdp': async (target) => {
      const name = core.nameOf(target) ?? target.instanceId;
      const { spec, status } = await tunnels.remoteDesktop(target, name);
      const localPort = status.localPort ?? 0;
      const folder = join(core.userDataDir, 'rdp');
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, `${name.replace(/[^\w.-]+/g, '-')}.rdp`);
      await writeFile(file, rdpFile('127.0.0.1', localPort), { mode: 0o600 });
      await core.openPath(file);
      return { tunnelId: spec.id, localPort, file };
    },
    'fleet.start': ({ targets, command, concurrency }) => fleet.start(targets, command, concurrency),
    'fleet.list': () => fleet.list(),
    'fleet.rerunFailed': ({ runId }) => fleet.rerunFailed(runId),
    'fleet.cancel': ({ runId }) => {
      fleet.cancel(runId);
      return {};
    },
    'fleet.output': ({ runId, key }) => fleet.output(runId, key),
    'fleet.export': ({ runId, format }) => fleet.export(runId, format),
    'recordings.list': () => recordings.list(),
    'recordings.get': ({ id }) => recordings.get(id),
    'recordings.delete': async ({ id }) => {
      await recordings.delete(id);
      core.hub.broadcast('recordings.changed', { recordings: await recordings.list() });
      return {};
    },
    'history.list': () => history.list(),
    'history.clear': () => {
      history.clear();
      return {};
    },
  };
}
