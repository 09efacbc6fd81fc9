import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, freePort, sha256 } from '../support/port-tools.js';
import { AppHarness } from './support/app-harness.js';
import {
  fillTunnelForm,
  localPortOf,
  rowText,
  showView,
  tunnelRow,
  waitForRow,
} from './support/workspace-page.js';

const run = promisify(execFile);

/** A large body in 64 KiB pieces, the same on every request (its SHA-256 known up front). */
const BIG_SIZE = 48 * 1024 * 1024;
const PIECE = 64 * 1024;
function piece(index: number): Buffer {
  const out = Buffer.alloc(PIECE);
  let seed = createHash('sha256').update(`piece-${index}`).digest();
  for (let at = 0; at < PIECE; at += seed.length) {
    seed.copy(out, at);
    seed = createHash('sha256').update(seed).digest();
  }
  return out;
}
const PIECES = Array.from({ length: BIG_SIZE / PIECE }, (_, i) => piece(i % 64));
const BIG_HASH = (() => {
  const hash = createHash('sha256');
  for (const part of PIECES) hash.update(part);
  return hash.digest('hex');
})();

/**
 * The test's web server on 127.0.0.1: "/" says hello; "/big" sends BIG_SIZE bytes and, with
 * ?hold, stops at the half until release() (so a fault lands while the download is in flight).
 */
class WebServer {
  private constructor(
    readonly server: Server,
    private readonly held: (() => void)[],
    private readonly halfway: (() => void)[],
  ) {}

  static async start(): Promise<WebServer> {
    const held: (() => void)[] = [];
    const halfway: (() => void)[] = [];
    const server = createServer((request, response) => {
      if (!request.url?.startsWith('/big')) {
        response.end('hello through the tunnel');
        return;
      }
      const hold = request.url.includes('hold');
      response.writeHead(200, { 'content-length': BIG_SIZE, 'content-type': 'application/octet-stream' });
      let index = 0;
      const pump = (): void => {
        while (index < PIECES.length) {
          if (hold && index === PIECES.length / 2) {
            for (const notify of halfway.splice(0)) notify();
            held.push(() => {
              index++;
              if (response.write(PIECES[index - 1])) pump();
              else response.once('drain', pump);
            });
            return;
          }
          const part = PIECES[index++];
          if (!response.write(part)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new WebServer(server, held, halfway);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Resolves once a held download has sent half of its bytes. */
  reachedHalfway(): Promise<void> {
    return new Promise((resolve) => this.halfway.push(resolve));
  }

  release(): void {
    for (const resume of this.held.splice(0)) resume();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('the port-forward manager (issue 10 §5 a, b, c; §1)', () => {
  let app: AppHarness;
  let web: WebServer;
  let holder: TcpServer | undefined;

  beforeAll(async () => {
    web = await WebServer.start();
    app = await AppHarness.start();
    await app.page.getByRole('row', { name: 'web-1' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
    await web?.close();
    await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
  });

  it('a: a saved tunnel forwards, counts its connections and bytes, stops, and starts with the app', async () => {
    const { page } = app;
    await showView(page, 'Tunnels');
    await page.getByRole('heading', { name: 'No saved tunnels' }).waitFor();
    const localPort = await freePort();

    await page.getByRole('button', { name: 'New tunnel' }).first().click();
    const form = page.getByRole('dialog', { name: 'New tunnel' });
    await fillTunnelForm(form, { name: 'web server', target: 'web-1', remotePort: web.port, localPort });
    await expect.poll(() => form.getByLabel('Bind address', { exact: true }).inputValue()).toBe('127.0.0.1');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached' });

    const row = tunnelRow(page, 'web server');
    expect(await waitForRow(row, /Stopped/)).toContain(`127.0.0.1:${localPort}`);
    await row.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForRow(row, /Forwarding/);
    expect(await rowText(row)).toMatch(/starting\s*→\s*forwarding/);

    const response = await fetch(`http://127.0.0.1:${localPort}/`);
    expect(await response.text()).toBe('hello through the tunnel');
    // The counters move in the row: a connection counted, bytes both ways.
    await waitForRow(row, /1 total\s+In [1-9]\d* B\s+Out [1-9]\d* B/);
    // Uptime counts while it forwards.
    await waitForRow(row, /\b[1-9]\.\d s\b|\b\d{2} s\b/);

    await row.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(row, /Stopped/);
    await expect(fetch(`http://127.0.0.1:${localPort}/`)).rejects.toThrow();

    // Edit: start it with the app from now on.
    await row.getByRole('button', { name: 'More tunnel actions' }).click();
    await page.getByRole('menuitem', { name: 'Edit…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “web server”' });
    expect(await edit.getByLabel('Remote port', { exact: true }).inputValue()).toBe(String(web.port));
    await edit.getByRole('checkbox', { name: 'Start with the app' }).check();
    await edit.getByRole('button', { name: 'Save', exact: true }).click();
    await edit.waitFor({ state: 'detached' });

    // Quit the whole app and start it again on the same user-data folder.
    app = await app.restart();
    await showView(app.page, 'Tunnels');
    const again = tunnelRow(app.page, 'web server');
    await waitForRow(again, /Forwarding/);
    expect(await rowText(again)).toContain(`127.0.0.1:${localPort}`);
    const second = await fetch(`http://127.0.0.1:${localPort}/`);
    expect(await second.text()).toBe('hello through the tunnel');
    await again.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(again, /Stopped/);
  });

  it('b: a download survives a socket kill, and a session terminated midway is replaced; the row shows the states', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    await showView(page, 'Tunnels');
    await page.getByRole('button', { name: 'New tunnel' }).first().click();
    const form = page.getByRole('dialog', { name: 'New tunnel' });
    await fillTunnelForm(form, { name: 'big file', target: 'web-2', remotePort: web.port });
    await form.getByRole('button', { name: 'Save and start' }).click();
    const row = tunnelRow(page, 'big file');
    await waitForRow(row, /Forwarding/);
    const port = await localPortOf(row);
    const sessionOf = (): string | undefined =>
      emulator.sessions.list({ state: 'Active', target: 'i-0b2c3d4e5f6071829' })[0]?.sessionId;
    const first = sessionOf();
    expect(first).toBeDefined();

    // The socket dies while the download waits at its half: the tunnel resumes the same session.
    const halfway = web.reachedHalfway();
    const held = download(port, '/big?hold');
    await halfway;
    expect(emulator.dropClientSockets(first)).toBeGreaterThan(0);
    await waitForRow(row, /resuming/);
    await waitForRow(row, /resuming\s*→\s*forwarding/);
    web.release();
    expect(sha256(await held)).toBe(BIG_HASH);

    // The session ends for good: a new one starts while the local port stays open, and a download
    // started meanwhile is carried by it, byte for byte.
    emulator.dropClientSockets(first);
    emulator.terminateSession(first ?? '');
    await waitForRow(row, /restarting/);
    const during = download(port, '/big');
    await waitForRow(row, /restarting\s*→\s*forwarding/, 60_000);
    expect(sha256(await during)).toBe(BIG_HASH);
    expect(sessionOf()).not.toBe(first);

    const states = await rowText(row);
    for (const state of ['resuming', 'restarting', 'forwarding']) expect(states).toContain(state);
    expect(sha256(await download(port, '/big'))).toBe(BIG_HASH);
    await row.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(row, /Stopped/);
  });

  it('c: a port in use is said before anything starts; a SOCKS5 tunnel serves curl --socks5-hostname', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    holder = createTcpServer();
    await new Promise<void>((resolve) => holder?.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as AddressInfo).port;
    await showView(page, 'Tunnels');

    await page.getByRole('button', { name: 'New tunnel' }).first().click();
    const form = page.getByRole('dialog', { name: 'New tunnel' });
    await fillTunnelForm(form, {
      name: 'taken port',
      target: 'web-1',
      remotePort: web.port,
      localPort: taken,
    });
    // Said as soon as the field is left, before saving or starting.
    await form.getByLabel('Bind address', { exact: true }).focus();
    await expect
      .poll(() => form.innerText())
      .toMatch(new RegExp(`Port ${taken} is in use by .*\\(pid ${process.pid}\\)`));
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.waitFor({ state: 'detached', timeout: 5000 }).catch(async (e) => {
      console.log('DEBUG', await form.innerText());
      throw e;
    });

    const sessions = emulator.sessions.list().length;
    const row = tunnelRow(page, 'taken port');
    await row.getByRole('button', { name: 'Start', exact: true }).click();
    const failed = await waitForRow(row, /Failed/);
    expect(failed).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${taken} is already in use by .*\\(pid ${process.pid}\\)`),
    );
    expect(emulator.sessions.list()).toHaveLength(sessions);

    // A SOCKS5 proxy through web-1: each connection names its destination (the hostname resolved there).
    await page.getByRole('button', { name: 'New tunnel' }).first().click();
    const socks = page.getByRole('dialog', { name: 'New tunnel' });
    await fillTunnelForm(socks, { name: 'socks proxy', target: 'web-1', kind: 'SOCKS5 proxy' });
    expect(await socks.getByLabel('Remote port', { exact: true }).isDisabled()).toBe(true);
    await socks.getByRole('button', { name: 'Save and start' }).click();
    const proxyRow = tunnelRow(page, 'socks proxy');
    await waitForRow(proxyRow, /Forwarding/);
    const proxyPort = await localPortOf(proxyRow);
    const { stdout } = await run('curl', [
      '-sS',
      '--max-time',
      '20',
      '--socks5-hostname',
      `127.0.0.1:${proxyPort}`,
      `http://localhost:${web.port}/`,
    ]);
    expect(stdout).toBe('hello through the tunnel');
    await waitForRow(proxyRow, /1 total/);
    await proxyRow.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(proxyRow, /Stopped/);
  });

  it('databases: "Tunnel through…" an instance makes a tunnel to the endpoint and port, and it reaches the database', async () => {
    const { page } = app;
    const { emulator } = await app.emulator();
    // A PostgreSQL instance whose endpoint leads, through the instances, to the test's server.
    const [db] = emulator.addDatabase({
      identifier: 'ledger-db',
      region: 'us-east-1',
      engine: 'postgres',
      localPort: web.port,
    });
    await showView(page, 'Tunnels');
    await page.getByRole('tab', { name: 'Databases' }).click();
    const row = page.getByRole('grid', { name: 'Databases' }).getByRole('row', { name: 'ledger-db' });
    await expect.poll(() => rowText(row), { timeout: 30_000 }).toContain(`${db?.endpoint}:5432`);
    await row.getByRole('button', { name: 'Tunnel through…' }).click();
    const picker = page.getByRole('dialog', { name: 'Tunnel to ledger-db through…' });
    await page.keyboard.type('bastion');
    await expect
      .poll(() => picker.getByRole('option').allInnerTexts())
      .toEqual([expect.stringContaining('bastion')]);
    await page.keyboard.press('Enter');

    const form = page.getByRole('dialog', { name: 'Tunnel to ledger-db' });
    const field = (label: string) => form.getByLabel(label, { exact: true });
    expect(await field('Remote host').inputValue()).toBe(db?.endpoint);
    expect(await field('Remote port').inputValue()).toBe('5432');
    expect(await field('Target').inputValue()).toBe('i-0d4e5f60718293a4b');
    expect(await field('Name').inputValue()).toBe('ledger-db via bastion');
    await form.getByRole('button', { name: 'Save and start' }).click();
    await form.waitFor({ state: 'detached' });

    // Saved in the list, forwarding; the row offers the PostgreSQL connection string for its port.
    await expect
      .poll(() => page.getByRole('tab', { name: 'Saved tunnels' }).getAttribute('aria-selected'))
      .toBe('true');
    const tunnel = tunnelRow(page, 'ledger-db via bastion');
    await waitForRow(tunnel, /Forwarding/);
    const port = await localPortOf(tunnel);
    expect(
      await tunnel.getByRole('button', { name: 'Copy connection string' }).getAttribute('aria-description'),
    ).toBe(`postgresql://USER@127.0.0.1:${port}/DATABASE`);
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('hello through the tunnel');
    await tunnel.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(tunnel, /Stopped/);
  });

  it('manage: duplicate, delete by keyboard, export and import a .ssmdesk bundle; Forward port and Remote desktop on rows save tunnels listed here', async () => {
    const { page } = app;
    await app.call('tunnels.save', {
      spec: {
        name: 'docs site',
        profile: '@emulator',
        region: 'us-east-1',
        target: 'web-1',
        kind: 'port',
        remotePort: web.port,
        localPort: 0,
        bindAddress: '127.0.0.1',
        autoStart: false,
      },
    });
    await showView(page, 'Tunnels');
    const row = tunnelRow(page, 'docs site');
    await row.getByRole('button', { name: 'More tunnel actions' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    const copy = tunnelRow(page, 'docs site copy');
    await waitForRow(copy, /Stopped/);

    // Delete on the focused row asks first; Enter confirms.
    await copy.focus();
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete “docs site copy”?' });
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => copy.count()).toBe(0);

    // Export every tunnel, import the file back: the names that exist get a number.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export…' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('tunnels.ssmdesk');
    const path = (await file.path()) ?? '';
    const text = await readFile(path, 'utf8');
    const bundle = JSON.parse(text) as {
      format: string;
      tunnels: { name: string }[];
    };
    expect(bundle.format).toBe('ssm-desk-tunnels');
    expect(bundle.tunnels.map((t) => t.name)).toContain('docs site');
    await page
      .getByLabel('Import .ssmdesk file')
      .setInputFiles({ name: 'tunnels.ssmdesk', mimeType: 'application/json', buffer: Buffer.from(text) });
    await waitForRow(tunnelRow(page, 'docs site (2)'), /Stopped/);
    await expect
      .poll(() => page.getByRole('status').innerText())
      .toContain(`${bundle.tunnels.length} tunnels imported from tunnels.ssmdesk`);

    // The instance row's Forward port makes a saved tunnel, shown here.
    await showView(page, 'Instances');
    await page.getByRole('row', { name: 'web-2' }).getByRole('button', { name: 'Forward port' }).click();
    const forward = page.getByRole('dialog', { name: 'Forward a port through web-2' });
    await forward.getByRole('textbox', { name: 'Remote port' }).fill(String(web.port));
    await forward.getByRole('button', { name: 'Start forwarding' }).click();
    const result = page.getByRole('dialog', { name: 'Forwarding to web-2' });
    await expect
      .poll(() => result.getByRole('status').innerText(), { timeout: 20_000 })
      .toMatch(/Forwarding/);
    await result.getByRole('button', { name: 'Show in Tunnels' }).click();
    const forwarded = tunnelRow(page, `web-2:${web.port}`);
    await waitForRow(forwarded, /Forwarding/);
    await forwarded.getByRole('button', { name: 'Stop', exact: true }).click();

    // Remote desktop on the Windows instance: 3389 to a free local port, an .rdp file opened.
    await showView(page, 'Instances');
    await page.getByRole('row', { name: 'win-app' }).getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: /^Remote desktop/ }).click();
    await expect.poll(() => app.openedPaths.at(-1) ?? '', { timeout: 20_000 }).toMatch(/win-app\.rdp$/);
    const rdp = await readFile(app.openedPaths.at(-1) ?? '', 'utf8');
    await showView(page, 'Tunnels');
    const desktop = tunnelRow(page, 'win-app remote desktop');
    const port = await localPortOf(desktop);
    expect(rdp).toContain(`full address:s:127.0.0.1:${port}`);
    await desktop.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForRow(desktop, /Stopped/);
  });
});
