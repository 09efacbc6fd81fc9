import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeInstance } from '../../src-main/emulator/inventory/instance-defaults.js';
import type { EmulatorConfig } from '../../src-main/emulator/index.js';
import { AppHarness } from './support/app-harness.js';
import { waitForRows } from './support/instances-page.js';
import { rowText } from './support/workspace-page.js';

const NAMES = Array.from({ length: 12 }, (_, i) => `node-${String(i + 1).padStart(2, '0')}`);

/** Twelve online Linux instances in one region. */
function twelveInstances(): EmulatorConfig {
  return {
    instances: NAMES.map((name, i) =>
      completeInstance({
        instanceId: `i-0f00000000000${String(i + 1).padStart(4, '0')}`,
        region: 'us-east-1',
        name,
        tags: { Role: 'fleet' },
      }),
    ),
    preferences: {},
  };
}

/**
 * exit $((RANDOM % 3)) in any sh: bash has RANDOM, dash (the emulated agent's sh here) does not, so
 * /dev/urandom stands in. It says where it ran first, for the output check.
 */
const COMMAND = 'echo "ran on $(hostname)"; exit $(( ${RANDOM:-$(od -An -N2 -tu2 /dev/urandom)} % 3 ))';

interface TableRow {
  name: string;
  state: string;
  exitCode: number | null;
}

async function readTable(page: Page): Promise<TableRow[]> {
  const rows = page.getByRole('grid', { name: 'Fleet results' }).locator('[role="row"][aria-label]');
  const out: TableRow[] = [];
  for (const row of await rows.all()) {
    const cells = row.getByRole('gridcell');
    const exit = (await cells.nth(2).innerText()).trim();
    out.push({
      name: (await row.getAttribute('aria-label')) ?? '',
      state: (await cells.nth(1).innerText()).trim().split('\n')[0] ?? '',
      exitCode: /^\d+$/.test(exit) ? Number(exit) : null,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

async function waitForFinished(page: Page, count: number): Promise<TableRow[]> {
  await expect
    .poll(
      async () => {
        const table = await readTable(page);
        return table.length === count && table.every((r) => r.state === 'Succeeded' || r.state === 'Failed');
      },
      { timeout: 60_000, interval: 200 },
    )
    .toBe(true);
  return readTable(page);
}

async function focusedName(page: Page): Promise<string | null | undefined> {
  return page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
  );
}

describe('fleet commands (issue 10 §5 e)', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await AppHarness.start({ emulatorConfig: twelveInstances() });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('e: runs a command on 12 instances at once (chosen by keyboard alone), shows each exit code, reruns the failed, exports what the table shows', async () => {
    const { page } = app;
    await waitForRows(page, NAMES);
    // Keyboard alone: the search field, Tab to the grid, Ctrl+A ticks every row shown.
    await page.keyboard.press('/');
    expect(await focusedName(page)).toBe('Search instances');
    const onRow = (): Promise<boolean> =>
      page.evaluate(() => document.activeElement?.getAttribute('role') === 'row');
    for (let presses = 0; presses < 10 && !(await onRow()); presses++) await page.keyboard.press('Tab');
    expect(await onRow()).toBe(true);
    await page.keyboard.press('Control+a');
    const bar = page.getByRole('toolbar', { name: 'Selected instances' });
    await expect.poll(() => bar.innerText()).toMatch(/12 selected/);
    expect(await page.getByRole('row', { selected: true }).count()).toBe(12);
    // Space unticks the focused row, and ticks it again.
    await page.keyboard.press('Space');
    await expect.poll(() => bar.innerText()).toMatch(/11 selected/);
    await page.keyboard.press('Space');
    await expect.poll(() => bar.innerText()).toMatch(/12 selected/);

    // On through the row's controls to the selection's toolbar.
    const runButton = 'Run command on 12 instances';
    for (let presses = 0; presses < 12 && (await focusedName(page)) !== runButton; presses++)
      await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe(runButton);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Run a command on 12 instances' });
    await dialog.waitFor();
    // Focus starts in the command field.
    const commandId = await dialog.getByLabel('Command').getAttribute('id');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(commandId);
    await page.keyboard.type(COMMAND);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });

    // The Fleet view follows the run: one row per instance, named by it.
    await page.getByRole('region', { name: 'Fleet' }).waitFor();
    const first = await waitForFinished(page, 12);
    expect(first.map((r) => r.name)).toEqual(NAMES);
    for (const row of first) {
      expect(row.exitCode).not.toBeNull();
      expect(row.state).toBe(row.exitCode === 0 ? 'Succeeded' : 'Failed');
    }
    const failed = first.filter((r) => r.exitCode !== 0).map((r) => r.name);
    // With 12 draws of three values, all zero happens once in half a million runs.
    expect(failed.length).toBeGreaterThan(0);
    expect(await page.getByRole('region', { name: 'Fleet' }).innerText()).toMatch(
      new RegExp(`12 instances: .*${12 - failed.length} succeeded.*${failed.length} failed`),
    );

    // Each instance's output on its own (Enter on its row).
    const firstRow: Locator = page
      .getByRole('grid', { name: 'Fleet results' })
      .getByRole('row', { name: NAMES[0] });
    await firstRow.focus();
    await page.keyboard.press('Enter');
    const output = page.getByRole('region', { name: `Output of ${NAMES[0]}` });
    await expect.poll(() => output.innerText()).toMatch(/ran on \S+/);

    // The JSON export says what the table shows.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(/^fleet-.*\.json$/);
    const exported = JSON.parse(await readFile((await file.path()) ?? '', 'utf8')) as {
      command: string;
      results: { name: string; instanceId: string; state: string; exitCode: number | null; stdout: string }[];
    };
    expect(exported.command).toBe(COMMAND);
    expect(
      exported.results
        .map((r) => ({
          name: r.name,
          state: r.state === 'succeeded' ? 'Succeeded' : 'Failed',
          exitCode: r.exitCode,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual(first);
    for (const result of exported.results) expect(result.stdout).toMatch(/^ran on /);

    // Rerun failed: a new run on exactly the failed instances.
    await page.getByRole('button', { name: 'Rerun failed' }).click();
    await expect.poll(async () => (await readTable(page)).map((r) => r.name)).toEqual(failed);
    const second = await waitForFinished(page, failed.length);
    for (const row of second) expect(row.state).toBe(row.exitCode === 0 ? 'Succeeded' : 'Failed');
    // Both runs are listed, the newest first.
    const runs = page.getByRole('listbox', { name: 'Fleet runs' }).getByRole('option');
    expect(await runs.count()).toBe(2);
    expect(await runs.first().getAttribute('aria-selected')).toBe('true');
    expect(await rowText(runs.first())).toContain(`${failed.length}/${failed.length} done`);
  });
});
