import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export type ViewName =
  'Instances' | 'Terminals' | 'Tunnels' | 'Fleet' | 'Recordings' | 'History' | 'Settings';

/** Shows a view from the header and waits for its panel. */
export async function showView(page: Page, name: ViewName): Promise<void> {
  await page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name }).click();
  await page.getByRole('region', { name }).first().waitFor();
}

/** A table row's text, one line per line of text (its cells' contents). */
export async function rowText(row: Locator): Promise<string> {
  return (await row.innerText()).replace(/\u00a0/g, ' ');
}

/** The row of the Tunnels table named by the tunnel's name. */
export function tunnelRow(page: Page, name: string): Locator {
  return page.getByRole('grid', { name: 'Tunnels' }).getByRole('row', { name, exact: true });
}

/** Waits until the tunnel's row shows `pattern` (its state, counters, history). */
export async function waitForRow(row: Locator, pattern: RegExp, timeout = 30_000): Promise<string> {
  await expect.poll(() => rowText(row).catch(() => ''), { timeout, interval: 100 }).toMatch(pattern);
  return rowText(row);
}

/** The local address a running tunnel's row shows (its bound port). */
export async function localPortOf(row: Locator): Promise<number> {
  const text = await waitForRow(row, /127\.0\.0\.1:\d+/);
  const match = /127\.0\.0\.1:(\d+)/.exec(text);
  if (!match) throw new Error(`no local address in: ${text}`);
  return Number(match[1]);
}

export interface TunnelFields {
  name: string;
  target: string;
  remoteHost?: string;
  remotePort?: number;
  localPort?: number;
  bindAddress?: string;
  kind?: 'Port forward' | 'SOCKS5 proxy';
  startWithApp?: boolean;
}

/** Fills the tunnel form by its labels, exactly the ones issue 10 names. */
export async function fillTunnelForm(dialog: Locator, fields: TunnelFields): Promise<void> {
  if (fields.kind) await dialog.getByRole('radio', { name: fields.kind }).check();
  const field = (label: string): Locator => dialog.getByLabel(label, { exact: true });
  await field('Name').fill(fields.name);
  await field('Target').fill(fields.target);
  if (fields.remoteHost !== undefined) await field('Remote host').fill(fields.remoteHost);
  if (fields.remotePort !== undefined) await field('Remote port').fill(String(fields.remotePort));
  if (fields.localPort !== undefined) await field('Local port').fill(String(fields.localPort));
  if (fields.bindAddress !== undefined) await field('Bind address').fill(fields.bindAddress);
  if (fields.startWithApp !== undefined)
    await dialog.getByRole('checkbox', { name: 'Start with the app' }).setChecked(fields.startWithApp);
}
