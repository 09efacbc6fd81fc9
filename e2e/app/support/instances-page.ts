import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export function instanceGrid(page: Page): Locator {
  return page.getByRole('grid', { name: 'Instances' });
}

/** The names of the rows the grid shows, top to bottom (the header row is not one of them). */
export async function rowNames(page: Page): Promise<string[]> {
  const rows = instanceGrid(page).locator('[role="row"][aria-label]');
  const labelled = await rows.evaluateAll((elements) =>
    elements
      .map((element) => ({
        name: element.getAttribute('aria-label') ?? '',
        index: Number(element.getAttribute('aria-rowindex')),
      }))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.name),
  );
  return labelled;
}

export async function waitForRows(page: Page, expected: string[], timeout = 20_000): Promise<void> {
  await expect.poll(() => rowNames(page), { timeout, interval: 100 }).toEqual(expected);
}
