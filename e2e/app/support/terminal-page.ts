import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The panel of the selected terminal tab. */
export function activePanel(page: Page): Locator {
  return page.locator('#view-terminals [role="tabpanel"]:not([hidden])');
}

/** What the visible terminal shows, line by line (xterm.js's DOM renderer rows). */
export async function screenText(panel: Locator): Promise<string> {
  const rows = panel.locator('.xterm-rows');
  if ((await rows.count()) === 0) return '';
  // Non-breaking spaces are how the DOM renderer draws runs of spaces.
  return (await rows.innerText()).replace(/\u00a0/g, ' ');
}

/** Waits until the terminal shows text matching `pattern`; returns the screen. */
export async function waitForScreen(panel: Locator, pattern: RegExp, timeout = 20_000): Promise<string> {
  await expect.poll(() => screenText(panel), { timeout, interval: 100 }).toMatch(pattern);
  return screenText(panel);
}

/** Types into the terminal of the panel (focusing it first) as a user would. */
export async function typeInto(panel: Locator, text: string): Promise<void> {
  await panel.locator('.xterm-helper-textarea').focus();
  await panel.page().keyboard.type(text);
}

/** The shell's prompt in the emulator's shells. */
export const PROMPT = /^[#$] *$/m;

/**
 * Runs `stty size` until the answer satisfies `accept` (a resize travels to the agent on its own;
 * asking again until it arrived needs no sleep). Returns rows and columns.
 */
export async function sttySizeUntil(
  panel: Locator,
  accept: (size: { rows: number; cols: number }) => boolean,
  timeout = 20_000,
): Promise<{ rows: number; cols: number }> {
  let seen: { rows: number; cols: number } | undefined;
  let marker = 0;
  await expect
    .poll(
      async () => {
        marker += 1;
        await typeInto(panel, `echo size-${marker}: $(stty size)\n`);
        const screen = await waitForScreen(panel, new RegExp(`^size-${marker}: \\d+ \\d+`, 'm'));
        const match = new RegExp(`^size-${marker}: (\\d+) (\\d+)`, 'm').exec(screen);
        seen = match ? { rows: Number(match[1]), cols: Number(match[2]) } : undefined;
        return seen !== undefined && accept(seen);
      },
      { timeout, interval: 200 },
    )
    .toBe(true);
  if (!seen) throw new Error('stty size never answered');
  return seen;
}
