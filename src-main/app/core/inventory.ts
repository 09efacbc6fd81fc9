import type { ErrorInfo } from '../../../src-shared/model/error-info.js';
import type { InstanceRecord } from '../../../src-shared/model/instance.js';
import type { InventoryScope } from '../../../src-shared/model/inventory.js';
import type { TargetRef } from '../../../src-shared/model/target.js';
import { toErrorInfo } from '../../client/error-info.js';
import { listInstances } from '../../client/list-instances.js';
import type { ProfileDirectory } from './profile-directory.js';

export interface ScopeRef {
  profile: string;
  region: string;
}

export interface InventoryHooks {
  scope(scope: InventoryScope, instances?: InstanceRecord[]): void;
  reset(scopes: InventoryScope[]): void;
}

/** How many profile × region listings run at once (each pages through SSM and EC2 in parallel). */
const CONCURRENCY = 6;

interface ScopeEntry {
  scope: InventoryScope;
  instances: InstanceRecord[];
  abort?: AbortController;
}

/**
 * The instance browser's data: every chosen profile × region, listed in parallel, each with its
 * own state, so a failing region shows its error while the others list. Views get a snapshot, then
 * one event per scope as it changes.
 */
export class Inventory {
  private entries = new Map<string, ScopeEntry>();
  private queue: ScopeEntry[] = [];
  private running = 0;

  constructor(
    private readonly profiles: ProfileDirectory,
    private readonly hooks: InventoryHooks,
  ) {}

  snapshot(): { scopes: InventoryScope[]; instances: InstanceRecord[] } {
    const entries = [...this.entries.values()];
    return { scopes: entries.map((e) => e.scope), instances: entries.flatMap((e) => e.instances) };
  }

  /** The profile × region pairs being listed. */
  scopes(): ScopeRef[] {
    return [...this.entries.values()].map(({ scope }) => ({ profile: scope.profile, region: scope.region }));
  }

  find(target: TargetRef): InstanceRecord | undefined {
    const entry = this.entries.get(scopeKey(target));
    return entry?.instances.find((i) => i.instanceId === target.instanceId);
  }

  /** Lists these scopes from now on; a change of the set starts over (views forget every row). */
  choose(scopes: ScopeRef[]): void {
    const keys = scopes.map(scopeKey);
    const same = keys.length === this.entries.size && keys.every((k) => this.entries.has(k));
    if (same) return;
    for (const entry of this.entries.values()) entry.abort?.abort();
    this.queue = [];
    this.entries = new Map(
      scopes.map((s) => [
        scopeKey(s),
        { scope: { profile: s.profile, region: s.region, status: 'loading', count: 0 }, instances: [] },
      ]),
    );
    this.hooks.reset([...this.entries.values()].map((e) => e.scope));
    for (const entry of this.entries.values()) this.enqueue(entry);
  }

  /** Lists every scope again, or the one named. */
  refresh(filter: Partial<ScopeRef> = {}): void {
    for (const entry of this.entries.values()) {
      if (filter.profile !== undefined && entry.scope.profile !== filter.profile) continue;
      if (filter.region !== undefined && entry.scope.region !== filter.region) continue;
      entry.abort?.abort();
      this.queue = this.queue.filter((queued) => queued !== entry);
      entry.scope = { ...entry.scope, status: 'loading' };
      delete entry.scope.error;
      this.hooks.scope(entry.scope);
      this.enqueue(entry);
    }
  }

  close(): void {
    for (const entry of this.entries.values()) entry.abort?.abort();
    this.queue = [];
  }

  private enqueue(entry: ScopeEntry): void {
    this.queue.push(entry);
    this.pump();
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0) {
      const entry = this.queue.shift() as ScopeEntry;
      this.running++;
      void this.load(entry).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async load(entry: ScopeEntry): Promise<void> {
    const abort = new AbortController();
    entry.abort = abort;
    const { profile, region } = entry.scope;
    let instances: InstanceRecord[] = [];
    let error: ErrorInfo | undefined;
    try {
      const context = await this.profiles.contextFor(profile, region);
      const result = await listInstances([context], { cacheTtlMs: 0, signal: abort.signal });
      instances = result.instances.map((i) => ({ ...i, profile }));
      const failure = result.errors[0];
      if (failure) error = { code: failure.code, message: failure.message };
    } catch (caught) {
      error = toErrorInfo(caught);
    }
    if (abort.signal.aborted || this.entries.get(scopeKey(entry.scope)) !== entry) return;
    entry.abort = undefined;
    if (error) {
      entry.scope = { profile, region, status: 'error', count: entry.instances.length, error };
      this.hooks.scope(entry.scope);
      return;
    }
    entry.instances = instances;
    entry.scope = { profile, region, status: 'ready', count: instances.length, loadedAt: Date.now() };
    this.hooks.scope(entry.scope, instances);
  }
}

function scopeKey(scope: ScopeRef): string {
  return `${scope.profile}|${scope.region}`;
}
