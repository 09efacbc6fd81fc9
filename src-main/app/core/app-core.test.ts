import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMULATOR_PROFILE_ID } from '../../../src-shared/model/profile.js';
import type { TabInfo } from '../../../src-shared/model/tab.js';
import { cores, listed, startCore, TestView } from './__fixtures__/test-view.js';

afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.close()));
});

const WEB_1 = { profile: EMULATOR_PROFILE_ID, region: 'us-east-1', instanceId: 'i-0a1b2c3d4e5f60718' };

describe('AppCore', () => {
  it('lists the built-in emulator when there is no AWS configuration, each region on its own', async () => {
    const core = await startCore();
    const view = new TestView(core);
    const profiles = (await view.call('profiles.list')) as Array<{ id: string }>;
    expect(profiles.map((p) => p.id)).toEqual([EMULATOR_PROFILE_ID]);
    await view.call('inventory.refresh');
    const ready = await Promise.all(
      ['us-east-1', 'eu-west-1'].map((region) =>
        view.next('inventory.scope', (p) => p.scope.region === region && p.scope.status === 'ready'),
      ),
    );
    expect(ready.map((p) => p.instances?.map((i) => i.name).sort())).toEqual([
      ['bastion', 'batch-worker', 'db-primary', 'web-1', 'web-2'],
      ['eu-api', 'win-app'],
    ]);
    expect((await view.call('app.hello')) as { emulator: boolean }).toMatchObject({ emulator: true });
  });

  it('shows a failing region with its coded error while the other lists', async () => {
    const core = await startCore();
    const view = new TestView(core);
    const running = await core.emulator.ensureStarted();
    running.emulator.setRegionFailure('eu-west-1', 'AccessDenied');
    await view.call('inventory.refresh');
    const failed = await view.next(
      'inventory.scope',
      (p) => p.scope.region === 'eu-west-1' && p.scope.status !== 'loading',
    );
    const listed = await view.next(
      'inventory.scope',
      (p) => p.scope.region === 'us-east-1' && p.scope.status === 'ready',
    );
    expect(failed.scope.status).toBe('error');
    expect(failed.scope.error?.code).toBe('access-denied');
    expect(listed.scope.count).toBe(5);
  });

  it('runs a shell tab: output to attached views, held input while resuming, nothing lost or doubled', async () => {
    const core = await startCore();
    const view = new TestView(core);
    await listed(view);
    const tab = (await view.call('shell.open', { target: WEB_1, size: { cols: 100, rows: 30 } })) as TabInfo;
    expect(tab.title).toBe('web-1');
    await view.call('shell.attach', { tabId: tab.tabId });
    await view.tab(tab.tabId, (t) => t.state === 'open');
    await view.call('shell.input', { tabId: tab.tabId, data: 'echo first-$((2*3))\r' });
    await view.screen(tab.tabId, /first-6/);

    const running = await core.emulator.ensureStarted();
    // ResumeSession fails while the region is throttled, so the outage lasts until it is lifted.
    running.emulator.setRegionFailure('us-east-1', 'Throttling');
    running.emulator.dropClientSockets();
    await view.tab(tab.tabId, (t) => t.state === 'reconnecting');
    // Typed while the socket is down: held by the core (and shown), sent once the session is back.
    await view.call('shell.input', { tabId: tab.tabId, data: 'echo held-$((3*4))\r' });
    const holding = await view.tab(tab.tabId, (t) => t.heldInput > 0);
    expect(holding.heldInput).toBe('echo held-$((3*4))\r'.length);
    running.emulator.setRegionFailure('us-east-1', undefined);
    await view.tab(tab.tabId, (t) => t.state === 'open' && t.heldInput === 0);
    await view.screen(tab.tabId, /held-12/);
    expect(view.output(tab.tabId).match(/held-12/g)).toHaveLength(1);

    // A second view attaching late is given what the terminal showed so far.
    const late = new TestView(core);
    const replay = (await late.call('shell.attach', { tabId: tab.tabId })) as {
      data: string;
      position: number;
    };
    expect(replay.data).toContain('first-6');
    expect(replay.data).toContain('held-12');
    expect(replay.position).toBeGreaterThanOrEqual(replay.data.length);
  });

  it('ends a tab with the reason, reconnects it, and closing it terminates the session', async () => {
    const core = await startCore();
    const view = new TestView(core);
    const tab = (await view.call('shell.open', { target: WEB_1, size: { cols: 80, rows: 24 } })) as TabInfo;
    await view.call('shell.attach', { tabId: tab.tabId });
    const open = await view.tab(tab.tabId, (t) => t.state === 'open');
    await view.call('shell.input', { tabId: tab.tabId, data: 'exit\r' });
    const ended = await view.tab(tab.tabId, (t) => t.state === 'ended');
    expect(ended.end?.kind).toBe('closed');
    await expect(view.call('shell.input', { tabId: tab.tabId, data: 'x' })).rejects.toMatchObject({
      code: 'not-ended',
    });

    await view.call('shell.reconnect', { tabId: tab.tabId });
    const again = await view.tab(tab.tabId, (t) => t.state === 'open' && t.sessionId !== open.sessionId);
    await view.call('tabs.close', { tabId: tab.tabId });
    const running = await core.emulator.ensureStarted();
    expect(running.emulator.sessions.get(again.sessionId as string)?.status).toBe('Terminated');
    expect(await view.call('tabs.list')).toEqual([]);
    await expect(
      view.call('shell.resize', { tabId: tab.tabId, size: { cols: 10, rows: 10 } }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
  });

  it('fails a tab whose target cannot start, with the engine code', async () => {
    const core = await startCore();
    const view = new TestView(core);
    const offline = { ...WEB_1, instanceId: 'i-0e5f60718293a4b5c' };
    const tab = (await view.call('shell.open', { target: offline, size: { cols: 80, rows: 24 } })) as TabInfo;
    const ended = await view.tab(tab.tabId, (t) => t.state === 'ended');
    expect(ended.end).toMatchObject({ kind: 'failed', code: 'target-not-connected' });
  });

  it('renames, reorders and duplicates tabs', async () => {
    const core = await startCore();
    const view = new TestView(core);
    await listed(view);
    const a = (await view.call('shell.open', { target: WEB_1, size: { cols: 80, rows: 24 } })) as TabInfo;
    const b = (await view.call('tabs.duplicate', { tabId: a.tabId })) as TabInfo;
    await view.call('tabs.rename', { tabId: b.tabId, title: 'second' });
    await view.call('tabs.reorder', { order: [b.tabId] });
    const tabs = (await view.call('tabs.list')) as TabInfo[];
    expect(tabs.map((t) => t.title)).toEqual(['second', 'web-1']);
  });

  it('saves settings and favourites, and reports a corrupt settings file kept aside', async () => {
    const data = await mkdtemp(join(tmpdir(), 'app-core-data-'));
    await writeFile(join(data, 'settings.json'), '{"version": 1, "data": {"theme": "purple"');
    const core = await startCore({ userDataDir: data });
    const view = new TestView(core);
    const hello = (await view.call('app.hello')) as { notices: Array<{ text: string }> };
    expect(hello.notices[0]?.text).toMatch(
      /settings\.json could not be read \(not JSON.*kept as .*settings\.json\.corrupt-/,
    );
    expect((await readdir(data)).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    const saved = (await view.call('settings.update', { theme: 'dark', terminal: { fontSize: 16 } })) as {
      theme: string;
      terminal: { fontSize: number; scrollback: number };
    };
    expect(saved).toMatchObject({ theme: 'dark', terminal: { fontSize: 16, scrollback: 10_000 } });
    await view.next('settings.changed', (s) => s.theme === 'dark');
    await view.call('favourites.set', { key: 'k1', favourite: true });
    await core.close();
    cores.splice(cores.indexOf(core), 1);

    const reopened = new TestView(await startCore({ userDataDir: data }));
    expect(((await reopened.call('settings.get')) as { theme: string }).theme).toBe('dark');
    expect(((await reopened.call('inventory.get')) as { favourites: string[] }).favourites).toEqual(['k1']);
    await expect(reopened.call('settings.update', { theme: 'purple' })).rejects.toMatchObject({
      code: 'invalid-params',
    });
  });

  it('writes a redacted log: sessions and their ends, never a key, token or stream URL', async () => {
    const logs = await mkdtemp(join(tmpdir(), 'app-core-logs-'));
    const core = await startCore({ logDirectory: logs });
    const view = new TestView(core);
    await listed(view);
    await view.call('settings.update', { logLevel: 'debug' });
    const tab = (await view.call('shell.open', { target: WEB_1, size: { cols: 80, rows: 24 } })) as TabInfo;
    const open = await view.tab(tab.tabId, (t) => t.state === 'open');
    await view.call('tabs.close', { tabId: tab.tabId });
    const running = await core.emulator.ensureStarted();
    const session = running.emulator.sessions.get(open.sessionId as string);
    const text = await readFile(join(logs, 'ssm-desk.log'), 'utf8');
    expect(text).toContain(`app: shell ${open.sessionId} on ${WEB_1.instanceId}`);
    const secrets = [
      running.accessKeyId,
      running.secretAccessKey,
      running.controlSecret,
      session?.streamUrl ?? 'no stream url',
      ...(session?.tokens.keys() ?? []),
    ];
    expect(secrets.length).toBeGreaterThan(4);
    for (const secret of secrets) expect(text.includes(secret), secret.slice(0, 12)).toBe(false);
  });
});
