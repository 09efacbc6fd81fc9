import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetRef } from '../../src-shared/model/target.js';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import { activePanel, PROMPT, typeInto, waitForScreen } from './support/terminal-page.js';
import { showView, tunnelRow, waitForRow } from './support/workspace-page.js';

/**
 * Screenshots of the workspace's views (issue 10), light and dark, at 1280×800: tunnels, the tunnel
 * form, databases, a fleet run and its command dialog, recordings with the player, history, profiles
 * and broadcast input. Written to docs/screenshots/ only with UPDATE_SCREENSHOTS=1, as the views'
 * screenshots are (they show session ids and times); otherwise to a temporary folder.
 */
const DOCS_DIR = resolve(fileURLToPath(new URL('../../docs/screenshots', import.meta.url)));
const ALL = ['bastion', 'batch-worker', 'db-primary', 'eu-api', 'web-1', 'web-2', 'win-app'];
const SHOTS = [
  'tunnels',
  'tunnel-form',
  'databases',
  'fleet',
  'fleet-command',
  'recordings',
  'history',
  'profiles',
  'broadcast',
];

function target(instanceId: string, region = 'us-east-1'): TargetRef {
  return { profile: '@emulator', region, instanceId };
}

describe('screenshots of the workspace views, light and dark (issue 10)', () => {
  let app: AppHarness;
  let outDir: string;
  let web: Server;
  let holder: TcpServer;
  const taken: string[] = [];

  beforeAll(async () => {
    outDir =
      process.env.UPDATE_SCREENSHOTS === '1'
        ? DOCS_DIR
        : await mkdtemp(join(tmpdir(), 'ssm-desk-screenshots-'));
    await mkdir(outDir, { recursive: true });
    web = createServer((_request, response) => response.end('<h1>hello</h1>'));
    await new Promise<void>((done) => web.listen(0, '127.0.0.1', done));
    holder = createTcpServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    app = await AppHarness.start();
    await app.page.getByRole('row', { name: 'win-app' }).waitFor();
    await prepare();
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((done) => web?.close(done));
    await new Promise((done) => holder?.close(done));
  });

  /** Saved tunnels in every state, a fleet run, a recording and the history they leave. */
  async function prepare(): Promise<void> {
    const webPort = (web.address() as AddressInfo).port;
    const takenPort = (holder.address() as AddressInfo).port;
    const base = {
      profile: '@emulator',
      region: 'us-east-1',
      bindAddress: '127.0.0.1',
      kind: 'port' as const,
    };
    const webApp = await app.call('tunnels.save', {
      spec: {
        ...base,
        name: 'Grafana on web-1',
        target: 'web-1',
        remotePort: webPort,
        localPort: 0,
        autoStart: true,
      },
    });
    await app.call('tunnels.save', {
      spec: {
        ...base,
        name: 'orders-db (PostgreSQL)',
        target: 'bastion',
        remoteHost: 'orders-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com',
        remotePort: 5432,
        localPort: 15432,
        autoStart: false,
      },
    });
    const socks = await app.call('tunnels.save', {
      spec: {
        ...base,
        kind: 'socks',
        name: 'SOCKS via bastion',
        target: 'bastion',
        localPort: 0,
        autoStart: false,
      },
    });
    const conflict = await app.call('tunnels.save', {
      spec: {
        ...base,
        name: 'Redis cache',
        target: 'db-primary',
        remotePort: 6379,
        localPort: takenPort,
        autoStart: false,
      },
    });
    await app.call('tunnels.save', {
      spec: {
        ...base,
        name: 'Admin UI (eu)',
        region: 'eu-west-1',
        target: 'eu-api',
        remotePort: 8080,
        localPort: 0,
        autoStart: false,
      },
    });
    const started = await app.call('tunnels.start', { id: webApp.id });
    await app.call('tunnels.start', { id: socks.id });
    await app.call('tunnels.start', { id: conflict.id }).catch(() => undefined);
    for (let i = 0; i < 3; i++) await (await fetch(`http://127.0.0.1:${started.localPort ?? 0}/`)).text();
    // A lost socket, so the row shows what the tunnel went through.
    const { emulator } = await app.emulator();
    emulator.dropClientSockets(started.sessionId);

    // A fleet run on every instance (batch-worker is offline: it fails to start).
    await app.call('fleet.start', {
      targets: [
        target('i-0a1b2c3d4e5f60718'),
        target('i-0b2c3d4e5f6071829'),
        target('i-0c3d4e5f60718293a'),
        target('i-0d4e5f60718293a4b'),
        target('i-0e5f60718293a4b5c'),
        target('i-0718293a4b5c6d7e8', 'eu-west-1'),
      ],
      command: 'uptime; df -h / | tail -n 1; exit $(( $(od -An -N1 -tu1 /dev/urandom) % 3 ))',
      concurrency: 4,
    });
  }

  async function shoot(page: Page, name: string): Promise<void> {
    // No passing notice ("Copied", "Recording saved") over the picture.
    const notices = page.getByRole('status').getByRole('button', { name: 'Dismiss' });
    while ((await notices.count()) > 0) await notices.first().click();
    await page.mouse.move(1279, 799);
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const path = join(outDir, `${name}.png`);
    await page.screenshot({ path });
    taken.push(path);
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`takes the ${theme} screenshots`, async () => {
      const { page } = app;
      await page.emulateMedia({ colorScheme: theme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);

      // Tunnels: forwarding (after a lost socket), a SOCKS proxy, a port conflict, stopped ones.
      await showView(page, 'Tunnels');
      await waitForRow(tunnelRow(page, 'Grafana on web-1'), /resuming\s*→\s*forwarding/);
      await waitForRow(tunnelRow(page, 'Redis cache'), /already in use/);
      await waitForRow(tunnelRow(page, 'SOCKS via bastion'), /Forwarding/);
      await shoot(page, `tunnels-${theme}`);

      await page.getByRole('button', { name: 'New tunnel' }).first().click();
      const form = page.getByRole('dialog', { name: 'New tunnel' });
      await form.getByLabel('Name', { exact: true }).fill('Kibana');
      await form.getByLabel('Target', { exact: true }).fill('web-2');
      await form.getByLabel('Remote port', { exact: true }).fill('5601');
      await shoot(page, `tunnel-form-${theme}`);
      await form.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('tab', { name: 'Databases' }).click();
      await page.getByRole('grid', { name: 'Databases' }).getByRole('row', { name: 'orders-db' }).waitFor();
      await shoot(page, `databases-${theme}`);
      await page.getByRole('tab', { name: 'Saved tunnels' }).click();

      // Fleet: the run, with one instance's output open.
      await showView(page, 'Fleet');
      const results = page.getByRole('grid', { name: 'Fleet results' });
      await expect
        .poll(() => page.getByRole('region', { name: 'Fleet' }).innerText(), { timeout: 60_000 })
        .toMatch(/6 instances: (?!.*(running|queued))/);
      await results.getByRole('row', { name: 'web-1' }).getByRole('button', { name: 'Output' }).click();
      await expect
        .poll(() => page.getByRole('region', { name: 'Output of web-1' }).innerText())
        .toMatch(/load average/);
      await shoot(page, `fleet-${theme}`);

      // Instances ticked for a fleet command, and the command's dialog.
      await showView(page, 'Instances');
      await waitForRows(page, ALL);
      for (const name of ['web-1', 'web-2', 'db-primary']) {
        await page.getByRole('checkbox', { name: `Select ${name}` }).check();
      }
      await page.getByRole('button', { name: 'Run command on 3 instances' }).click();
      const command = page.getByRole('dialog', { name: 'Run a command on 3 instances' });
      await command.getByLabel('Command').fill('sudo systemctl restart nginx && systemctl is-active nginx');
      await shoot(page, `fleet-command-${theme}`);
      await command.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Clear selection' }).click();

      // Broadcast input into two tabs (the first time: the shells, and a recording of one).
      if (theme === 'light') {
        for (const name of ['web-1', 'web-2']) {
          await showView(page, 'Instances');
          await page.getByRole('row', { name }).getByRole('button', { name: 'Open shell' }).click();
          await page.getByRole('tab', { name, selected: true }).waitFor();
          await waitForScreen(activePanel(page), PROMPT);
        }
        const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name: 'web-2' });
        await tab.press('Shift+F10');
        await page.getByRole('menuitem', { name: 'Record session' }).click();
        await expect.poll(() => activePanel(page).getByRole('status').innerText()).toMatch(/Recording/);
        await tab.press('Shift+F10');
        await page.getByRole('menuitem', { name: 'Broadcast input…' }).click();
        const dialog = page.getByRole('dialog', { name: 'Broadcast input' });
        await dialog.getByRole('checkbox', { name: /^web-1/ }).check();
        await dialog.getByRole('button', { name: 'Broadcast to 2 tabs' }).click();
        await typeInto(
          activePanel(page),
          "clear; uname -sm; ls --color=always -F / | head -n 8; printf '\\e[32mok\\e[0m %s\\n' $(hostname)\n",
        );
        await waitForScreen(activePanel(page), /^ok /m);
      }
      await showView(page, 'Terminals');
      await page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name: 'web-2' }).click();
      await waitForScreen(activePanel(page), /^ok /m);
      await shoot(page, `broadcast-${theme}`);
      if (theme === 'light') {
        const tab = page.getByRole('tablist', { name: 'Terminal tabs' }).getByRole('tab', { name: 'web-2' });
        await tab.press('Shift+F10');
        await page.getByRole('menuitem', { name: 'Stop recording' }).click();
        await expect.poll(() => activePanel(page).getByRole('status').innerText()).not.toMatch(/Recording/);
      }

      // Recordings: the player at the end of the recording.
      await showView(page, 'Recordings');
      await page
        .getByRole('grid', { name: 'Recordings' })
        .getByRole('row', { name: 'web-2' })
        .getByRole('button', { name: 'Play' })
        .click();
      const player = page.getByRole('region', { name: 'Player: web-2' });
      const slider = player.getByRole('slider', { name: 'Position' });
      await expect.poll(() => slider.isEnabled()).toBe(true);
      await slider.focus();
      await page.keyboard.press('End');
      await waitForScreen(player.locator('.player-terminal'), /^ok /m);
      await shoot(page, `recordings-${theme}`);

      await showView(page, 'History');
      await page.getByRole('grid', { name: 'History' }).getByRole('row', { name: 'web-2' }).first().waitFor();
      await shoot(page, `history-${theme}`);

      // Profiles: the emulator's identity, checked.
      await page.getByRole('button', { name: 'Profile: Local emulator' }).click();
      const profiles = page.getByRole('dialog', { name: 'Profiles and sign-in' });
      await expect.poll(() => profiles.innerText()).toMatch(/123456789012/);
      await shoot(page, `profiles-${theme}`);
      await profiles.getByRole('button', { name: 'Close' }).click();
    });
  }

  it('wrote every screenshot', () => {
    expect(taken.map((path) => path.replace(/^.*\//, '')).sort()).toEqual(
      SHOTS.flatMap((name) => [`${name}-dark.png`, `${name}-light.png`]).sort(),
    );
  });
});
