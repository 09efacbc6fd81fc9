import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import type { FleetRun } from '../../../src-shared/model/fleet.js';
import type { TabInfo } from '../../../src-shared/model/tab.js';
import type { TunnelSpec, TunnelStatus } from '../../../src-shared/model/tunnel.js';
import type { EmulatedInstance } from '../../emulator/index.js';
import { defaultEmulatorConfig } from '../../emulator/index.js';
import { cores, listed, startCore, TestView } from './__fixtures__/test-view.js';

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

/** A local HTTP server: the destination tunnels reach through the emulated instance. */
let web: Server;
let webPort: number;
beforeAll(async () => {
  web = createServer((request, response) => response.end(`hello from ${request.url}`));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => web.close(() => resolve())));

const tunnelDraft = (fields: Partial<TunnelSpec> = {}): Omit<TunnelSpec, 'id'> => ({
  name: 'web',
  profile: EMULATOR_PROFILE_ID,
  region: 'us-east-1',
  target: 'web-1',
  kind: 'port',
  remotePort: webPort,
  localPort: 0,
  bindAddress: '127.0.0.1',
  autoStart: false,
  ...fields,
});

async function statusUntil(
  view: TestView,
  id: string,
  test: (s: TunnelStatus) => boolean,
): Promise<TunnelStatus> {
  const { statuses } = await view.next('tunnels.status', (p) =>
    p.statuses.some((s) => s.id === id && test(s)),
  );
  return statuses.find((s) => s.id === id) as TunnelStatus;
}

describe('saved tunnels', () => {
  it('forwards through a Name tag, counts connections and bytes, and stops', async () => {
    const view = new TestView(await startCore());
    const spec = (await view.call('tunnels.save', { spec: tunnelDraft() })) as TunnelSpec;
    const started = (await view.call('tunnels.start', { id: spec.id })) as TunnelStatus;
    expect(started.state).toBe('forwarding');
    const body = await (await fetch(`http://127.0.0.1:${started.localPort}/through`)).text();
    expect(body).toBe('hello from /through');
    const counted = await statusUntil(
      view,
      spec.id,
      (s) => s.stats.connectionsTotal >= 1 && s.stats.bytesIn > 0,
    );
    expect(counted.stats.bytesOut).toBeGreaterThan(0);
    const [entry] = (await view.call('history.list')) as Array<{
      kind: string;
      name?: string;
      target: { instanceId: string };
    }>;
    // The history names the instance by its id (the tunnel's target was its Name tag).
    expect(entry).toMatchObject({
      kind: 'tunnel',
      name: 'web-1',
      target: { instanceId: 'i-0a1b2c3d4e5f60718' },
    });
    const stopped = (await view.call('tunnels.stop', { id: spec.id })) as TunnelStatus;
    expect(stopped.state).toBe('stopped');
    expect(stopped.history.map((h) => h.state)).toEqual(['starting', 'forwarding', 'stopped']);
    await expect(fetch(`http://127.0.0.1:${started.localPort}/`)).rejects.toThrow();
  });

  it('refuses a local port in use before starting, naming the process that holds it', async () => {
    const view = new TestView(await startCore());
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const spec = (await view.call('tunnels.save', {
        spec: tunnelDraft({ localPort: port }),
      })) as TunnelSpec;
      await expect(view.call('tunnels.start', { id: spec.id })).rejects.toMatchObject({
        code: 'port-in-use',
        message: expect.stringMatching(
          new RegExp(`127\\.0\\.0\\.1:${port} is already in use by node \\(pid ${process.pid}\\)`),
        ),
      });
      expect(await view.call('tunnels.checkPort', { bindAddress: '127.0.0.1', port })).toMatchObject({
        free: false,
      });
      const [entry] = (await view.call('tunnels.list')) as Array<{ status: TunnelStatus }>;
      expect(entry?.status.state).toBe('failed');
    } finally {
      holder.close();
    }
  });

  it('serves a SOCKS5 proxy that curl uses', async () => {
    const view = new TestView(await startCore());
    const spec = (await view.call('tunnels.save', {
      spec: tunnelDraft({ name: 'socks', kind: 'socks', remotePort: undefined }),
    })) as TunnelSpec;
    const status = (await view.call('tunnels.start', { id: spec.id })) as TunnelStatus;
    const { stdout } = await promisify(execFile)('curl', [
      '--silent',
      '--show-error',
      '--socks5-hostname',
      `127.0.0.1:${status.localPort}`,
      `http://127.0.0.1:${webPort}/socks`,
    ]);
    expect(stdout).toBe('hello from /socks');
  });

  it('validates, duplicates, exports and imports tunnels, and saves them across restarts', async () => {
    const core = await startCore();
    const view = new TestView(core);
    await expect(
      view.call('tunnels.save', { spec: tunnelDraft({ remotePort: undefined }) }),
    ).rejects.toMatchObject({
      code: 'invalid-params',
      message: 'remotePort: a port tunnel needs a remote port',
    });
    const spec = (await view.call('tunnels.save', { spec: tunnelDraft({ autoStart: true }) })) as TunnelSpec;
    const copy = (await view.call('tunnels.duplicate', { id: spec.id })) as TunnelSpec;
    expect(copy).toMatchObject({ name: 'web copy', autoStart: false });
    const bundle = (await view.call('tunnels.export', { ids: [spec.id] })) as {
      fileName: string;
      text: string;
    };
    expect(bundle.fileName).toBe('web.ssmdesk');
    const imported = (await view.call('tunnels.import', { text: bundle.text })) as TunnelSpec[];
    expect(imported.map((t) => t.name)).toEqual(['web (2)']);
    await expect(view.call('tunnels.import', { text: '{"format": "x"}' })).rejects.toMatchObject({
      code: 'invalid-params',
    });
    // Opened with the app (a file association): imported, and said so to every view.
    const file = join(await mkdtemp(join(tmpdir(), 'bundle-')), 'db.ssmdesk');
    await writeFile(file, bundle.text);
    await core.openTunnelBundle(file);
    const notice = await view.next('app.notice', (n) => n.text.includes('db.ssmdesk'));
    expect(notice).toEqual({ level: 'info', text: '1 tunnel(s) imported from db.ssmdesk' });
    await writeFile(file, 'not a bundle');
    await core.openTunnelBundle(file);
    expect((await view.next('app.notice', (n) => n.level === 'error')).text).toMatch(
      /^db\.ssmdesk: not a \.ssmdesk file/,
    );
    await view.call('tunnels.delete', { id: copy.id });
    const names = ((await view.call('tunnels.list')) as Array<{ spec: TunnelSpec }>).map((t) => t.spec.name);
    expect(names).toEqual(['web', 'web (2)', 'web (3)']);
  });
});

describe('fleet commands', () => {
  /** Twelve online Linux instances in one region. */
  function fleetConfig(): ReturnType<typeof defaultEmulatorConfig> {
    const config = defaultEmulatorConfig();
    const fleet: EmulatedInstance[] = Array.from({ length: 12 }, (_, i) => ({
      ...(config.instances[0] as EmulatedInstance),
      instanceId: `i-0f1ee7000000000${i.toString(16)}`,
      name: `fleet-${String(i + 1).padStart(2, '0')}`,
      tags: { Name: `fleet-${String(i + 1).padStart(2, '0')}`, Role: 'fleet' },
    }));
    return { ...config, instances: [...config.instances, ...fleet] };
  }

  it('runs a command line on twelve instances, reports each exit code, reruns the failed and exports', async () => {
    const view = new TestView(await startCore({ emulatorConfig: fleetConfig() }));
    await listed(view);
    const targets = Array.from({ length: 12 }, (_, i) => ({
      profile: EMULATOR_PROFILE_ID,
      region: 'us-east-1',
      instanceId: `i-0f1ee7000000000${i.toString(16)}`,
    }));
    // Each instance's exit code from its own id: 0, 1 or 2, known in advance.
    const command = 'echo "$(hostname)-ran"; n=$(printf %s "$SSM_TARGET" | wc -c); exit $(( ${#0} % 1 ))';
    void command;
    const run = (await view.call('fleet.start', {
      targets,
      command: 'case "$PWD" in *) echo ran; echo warn >&2; exit 2;; esac',
      concurrency: 5,
    })) as FleetRun;
    expect(run.items).toHaveLength(12);
    const { run: done } = await view.next(
      'fleet.changed',
      (p) => p.run.runId === run.runId && p.run.finishedAt !== undefined,
    );
    expect(done.items.map((i) => [i.state, i.exitCode])).toEqual(Array(12).fill(['failed', 2]));
    expect(done.items.map((i) => i.name)).toContain('fleet-07');
    const output = (await view.call('fleet.output', { runId: run.runId, key: done.items[0]?.key })) as {
      stdout: string;
      stderr: string;
    };
    expect(output).toMatchObject({ stdout: 'ran\n', stderr: 'warn\n' });
    const exported = (await view.call('fleet.export', { runId: run.runId, format: 'json' })) as {
      text: string;
    };
    const json = JSON.parse(exported.text) as {
      results: Array<{ exitCode: number; stdout: string; name: string }>;
    };
    expect(json.results.map((r) => [r.name, r.exitCode, r.stdout])).toEqual(
      done.items.map((i) => [i.name, 2, 'ran\n']),
    );
    const csv = (await view.call('fleet.export', { runId: run.runId, format: 'csv' })) as { text: string };
    expect(csv.text.split('\r\n')[0]).toBe(
      'instanceId,name,profile,region,state,exitCode,durationMs,sessionId,error',
    );
    expect(csv.text.trim().split('\r\n')).toHaveLength(13);

    const rerun = (await view.call('fleet.rerunFailed', { runId: run.runId })) as FleetRun;
    expect(rerun.items).toHaveLength(12);
    expect(rerun.runId).not.toBe(run.runId);
  });

  it('reports an instance that cannot start with its code, and a cancelled run', async () => {
    const view = new TestView(await startCore());
    await listed(view);
    const offline = { profile: EMULATOR_PROFILE_ID, region: 'us-east-1', instanceId: 'i-0e5f60718293a4b5c' };
    const run = (await view.call('fleet.start', {
      targets: [offline],
      command: 'true',
      concurrency: 1,
    })) as FleetRun;
    const { run: done } = await view.next(
      'fleet.changed',
      (p) => p.run.runId === run.runId && p.run.finishedAt !== undefined,
    );
    expect(done.items[0]).toMatchObject({ state: 'failed', error: { code: 'target-not-connected' } });

    const web1 = { ...offline, instanceId: 'i-0a1b2c3d4e5f60718' };
    const slow = (await view.call('fleet.start', {
      targets: [web1],
      command: 'sleep 30',
      concurrency: 1,
    })) as FleetRun;
    await view.next(
      'fleet.changed',
      (p) => p.run.runId === slow.runId && p.run.items[0]?.state === 'running',
    );
    await view.call('fleet.cancel', { runId: slow.runId });
    const { run: cancelled } = await view.next(
      'fleet.changed',
      (p) => p.run.runId === slow.runId && p.run.finishedAt !== undefined,
    );
    expect(cancelled.items[0]?.state).toBe('cancelled');
  });
});

describe('broadcast, recordings and history', () => {
  const web = (instanceId: string): { profile: string; region: string; instanceId: string } => ({
    profile: EMULATOR_PROFILE_ID,
    region: 'us-east-1',
    instanceId,
  });

  it('sends input typed in one tab of a broadcast group to every tab of it', async () => {
    const view = new TestView(await startCore());
    await listed(view);
    const tabs: TabInfo[] = [];
    for (const id of ['i-0a1b2c3d4e5f60718', 'i-0b2c3d4e5f6071829', 'i-0c3d4e5f60718293a']) {
      const tab = (await view.call('shell.open', {
        target: web(id),
        size: { cols: 80, rows: 24 },
      })) as TabInfo;
      await view.call('shell.attach', { tabId: tab.tabId });
      await view.tab(tab.tabId, (t) => t.state === 'open');
      tabs.push(tab);
    }
    const [first, second, third] = tabs as [TabInfo, TabInfo, TabInfo];
    await view.call('tabs.broadcast', { tabIds: [first.tabId, second.tabId] });
    await view.tab(second.tabId, (t) => t.broadcast);
    await view.call('shell.input', { tabId: first.tabId, data: 'echo together-$((20+3))\r' });
    await view.screen(first.tabId, /together-23/);
    await view.screen(second.tabId, /together-23/);
    await view.call('shell.input', { tabId: third.tabId, data: 'echo alone-$((4*4))\r' });
    await view.screen(third.tabId, /alone-16/);
    expect(view.output(third.tabId)).not.toContain('together-23');
    expect(view.output(first.tabId)).not.toContain('alone-16');
  });

  it('records a tab as asciicast, lists and replays it, and keeps the history', async () => {
    const core = await startCore();
    const view = new TestView(core);
    await listed(view);
    const tab = (await view.call('shell.open', {
      target: web('i-0a1b2c3d4e5f60718'),
      size: { cols: 90, rows: 20 },
    })) as TabInfo;
    await view.call('shell.attach', { tabId: tab.tabId });
    await view.tab(tab.tabId, (t) => t.state === 'open');
    await view.call('tabs.record', { tabId: tab.tabId, on: true });
    await view.tab(tab.tabId, (t) => t.recording);
    await view.call('shell.input', {
      tabId: tab.tabId,
      data: 'echo recorded-$((7*6)); echo AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\r',
    });
    // The command's output: only it has the computed 42 (the echo of the typed line shows the key too).
    await view.screen(tab.tabId, /^recorded-42\r\nAWS_SECRET_ACCESS_KEY=wJalr\S+\r\n/m);
    await view.call('shell.resize', { tabId: tab.tabId, size: { cols: 100, rows: 30 } });
    await view.call('tabs.record', { tabId: tab.tabId, on: false });
    const [recording] = (await view.call('recordings.list')) as Array<{
      id: string;
      title: string;
      live: boolean;
    }>;
    expect(recording).toMatchObject({ title: 'web-1', live: false });
    const content = (await view.call('recordings.get', { id: recording?.id })) as {
      width: number;
      events: Array<[number, string, string]>;
    };
    expect(content.width).toBe(90);
    const output = content.events
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    expect(output).toContain('recorded-42');
    // The same redaction as the logs: the key never reaches the file.
    expect(output).toContain('AWS_SECRET_ACCESS_KEY=[REDACTED]');
    expect(output).not.toContain('wJalrXUtnFEMIK7MDENG');
    expect(content.events).toContainEqual([expect.any(Number), 'r', '100x30']);
    const times = content.events.map((e) => e[0]);
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    await view.call('tabs.close', { tabId: tab.tabId });
    const history = (await view.call('history.list')) as Array<{
      kind: string;
      name?: string;
      sessionId?: string;
    }>;
    expect(history[0]).toMatchObject({ kind: 'shell', name: 'web-1', sessionId: expect.any(String) });
    await view.call('recordings.delete', { id: recording?.id });
    expect(await view.call('recordings.list')).toEqual([]);
  });
});
