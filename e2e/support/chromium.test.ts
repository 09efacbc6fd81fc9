import { describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';

// Written out again on purpose: dropping a flag from CHROMIUM_FLAGS must fail this test.
const required = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// The browser the app's acceptance tests drive (issue 9 §3): Debian's Chromium through playwright-core.
describe('launchChromium()', () => {
  it("starts Debian's Chromium with the CI flags and a fresh profile each time, and renders a page", async () => {
    const commandLines: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const browser = await launchChromium();
      try {
        // chrome://version shows the command line the browser really runs with.
        const version = await browser.newPage();
        await version.goto('chrome://version');
        commandLines.push(((await version.textContent('#command_line')) ?? '').trim().split(/\s+/));
        const page = await browser.newPage();
        await page.setContent('<p id="answer">hello</p>');
        expect(await page.textContent('#answer')).toBe('hello');
        expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
          'undefined',
        );
      } finally {
        await browser.close();
      }
    }
    for (const args of commandLines) {
      // Debian's /usr/bin/chromium is a wrapper script that runs /usr/lib/chromium/chromium.
      expect(args[0]).toMatch(/\/chromium$/);
      expect(args).toEqual(expect.arrayContaining(required));
    }
    const profiles = commandLines.map((args) => args.find((arg) => arg.startsWith('--user-data-dir=')));
    expect(profiles[0]).toBeDefined();
    expect(profiles[0]).not.toBe(profiles[1]);
  });
});
