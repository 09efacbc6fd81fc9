import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../../src-shared/contract/events.js';
import type { CallOutcome } from '../../../../src-shared/contract/envelope.js';
import type { TabInfo } from '../../../../src-shared/model/tab.js';
import type { EmulatorConfig } from '../../../emulator/index.js';
import { AppCore, type ViewConnection } from '../app-core.js';

/** Test support for the app core's tests: a view that records events, and a core on the emulator. */
/** A view as the renderer is one: it calls, and records every event it is sent. */
export class TestView {
  readonly events: Array<{ name: EventName; payload: unknown }> = [];
  readonly connection: ViewConnection;
  private waiters: Array<() => void> = [];

  constructor(core: AppCore) {
    this.connection = core.connectView((name, payload) => {
      this.events.push({ name, payload });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  async call(method: string, params: unknown = {}): Promise<unknown> {
    const outcome: CallOutcome = await this.connection.call(method, params);
    if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), { code: outcome.error.code });
    return outcome.result;
  }

  /** Resolves with the first event (already received or still to come) that satisfies `test`. */
  async next<E extends EventName>(
    name: E,
    test: (payload: EventPayload<E>) => boolean,
  ): Promise<EventPayload<E>> {
    for (;;) {
      const found = this.events.find((e) => e.name === name && test(e.payload as EventPayload<E>));
      if (found) return found.payload as EventPayload<E>;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  output(tabId: string): string {
    return this.events
      .filter((e) => e.name === 'shell.output' && (e.payload as { tabId: string }).tabId === tabId)
      .map((e) => (e.payload as { data: string }).data)
      .join('');
  }

  async tab(tabId: string, test: (tab: TabInfo) => boolean): Promise<TabInfo> {
    const { tabs } = await this.next('tabs.changed', (p) => p.tabs.some((t) => t.tabId === tabId && test(t)));
    return tabs.find((t) => t.tabId === tabId) as TabInfo;
  }

  async screen(tabId: string, pattern: RegExp): Promise<void> {
    while (!pattern.test(this.output(tabId))) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** Every core a test started; close them after each test. */
export const cores: AppCore[] = [];

/** Waits until the instance list is loaded, as a user opens a shell from it. */
export async function listed(view: TestView): Promise<void> {
  const inventory = (await view.call('inventory.get')) as {
    scopes: Array<{ status: string; region: string }>;
  };
  for (const scope of inventory.scopes.filter((s) => s.status === 'loading')) {
    await view.next(
      'inventory.scope',
      (p) => p.scope.region === scope.region && p.scope.status !== 'loading',
    );
  }
}

export async function startCore(
  options: { userDataDir?: string; emulatorConfig?: EmulatorConfig; logDirectory?: string } = {},
): Promise<AppCore> {
  const home = await mkdtemp(join(tmpdir(), 'app-core-home-'));
  const core = await AppCore.create({
    mode: 'browser',
    userDataDir: options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'app-core-data-'))),
    env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' },
    openExternal: async () => undefined,
    ...(options.emulatorConfig ? { emulatorConfig: options.emulatorConfig } : {}),
    ...(options.logDirectory ? { logDirectory: options.logDirectory } : {}),
  });
  cores.push(core);
  return core;
}
