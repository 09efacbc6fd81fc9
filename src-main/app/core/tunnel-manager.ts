import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { TargetRef } from '../../../src-shared/model/target.js';
import {
  TunnelSpecSchema,
  type TunnelEntry,
  type TunnelSpec,
  type TunnelStatus,
} from '../../../src-shared/model/tunnel.js';
import { resolveTarget } from '../../client/resolve-target.js';
import { ContractFailure } from './contract-failure.js';
import type { JsonStore, StoreSpec } from './json-store.js';
import { checkLocalPort } from './port-holder.js';
import type { ProfileDirectory } from './profile-directory.js';
import { RunningTunnel } from './running-tunnel.js';

/** tunnels.json: the saved tunnels, in the order the user made them. */
export const TUNNELS_STORE: StoreSpec<TunnelSpec[]> = {
  file: 'tunnels.json',
  version: 1,
  schema: z.array(TunnelSpecSchema).max(1000),
  defaults: () => [],
};

/** A .ssmdesk bundle: saved tunnels to share or move to another machine. */
const BUNDLE_FORMAT = 'ssm-desk-tunnels';
const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  tunnels: z.array(z.object({ ...TunnelSpecSchema.shape, id: z.string().optional() })).max(1000),
});

/** Live counters reach views at most this often (the issue: a few updates a second). */
const STATUS_BATCH_MS = 250;

export interface TunnelManagerHooks {
  changed(entries: TunnelEntry[]): void;
  status(statuses: TunnelStatus[]): void;
  /** A tunnel started, through this instance (its target resolved to an id). */
  started?(spec: TunnelSpec, status: TunnelStatus, instanceId: string): void;
  stopped?(spec: TunnelSpec, status: TunnelStatus): void;
}

export type SpecDraft = Omit<TunnelSpec, 'id'> & { id?: string | undefined };

/**
 * The port-forward manager: saved tunnels (tunnels.json) and the running ones. Each runs on the
 * engine's surviving forward, so it outlives lost sockets, lost sessions and expiring tokens; views
 * get every state change and the counters, batched.
 */
export class TunnelManager {
  private readonly running = new Map<string, RunningTunnel>();
  private readonly pending = new Map<string, TunnelStatus>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: JsonStore<TunnelSpec[]>,
    private readonly profiles: ProfileDirectory,
    private readonly hooks: TunnelManagerHooks,
  ) {}

  list(): TunnelEntry[] {
    return this.store.get().map((spec) => ({ spec, status: this.statusOf(spec.id) }));
  }

  async save(draft: SpecDraft): Promise<TunnelSpec> {
    const specs = this.store.get();
    const spec = parseSpec({ ...draft, id: draft.id ?? randomUUID() });
    const index = specs.findIndex((s) => s.id === spec.id);
    if (draft.id !== undefined && index < 0) throw new ContractFailure('not-found', `no tunnel ${draft.id}`);
    if (specs.some((s) => s.id !== spec.id && s.name === spec.name)) {
      throw new ContractFailure('invalid-params', `a tunnel named "${spec.name}" exists already`);
    }
    await this.store.set(index < 0 ? [...specs, spec] : specs.map((s, i) => (i === index ? spec : s)));
    this.announce();
    return spec;
  }

  async duplicate(id: string): Promise<TunnelSpec> {
    const spec = this.spec(id);
    const names = new Set(this.store.get().map((s) => s.name));
    let name = `${spec.name} copy`;
    for (let n = 2; names.has(name); n++) name = `${spec.name} copy ${n}`;
    return this.save({ ...spec, id: undefined, name, autoStart: false });
  }

  async delete(id: string): Promise<void> {
    this.spec(id);
    await this.stop(id);
    this.running.delete(id);
    await this.store.set(this.store.get().filter((s) => s.id !== id));
    this.announce();
  }

  /** Starts a saved tunnel: a busy local port is refused before any session starts. */
  async start(id: string): Promise<TunnelStatus> {
    const spec = this.spec(id);
    const existing = this.running.get(id);
    if (existing?.running) return existing.current;
    const tunnel = new RunningTunnel(spec, (status) => this.queueStatus(status));
    this.running.set(id, tunnel);
    if (!spec.localSocket && spec.localPort !== 0) {
      const check = await checkLocalPort(spec.bindAddress, spec.localPort);
      if (!check.free) {
        const holder = check.holder ? ` by ${check.holder}` : '';
        const failure = new ContractFailure(
          'port-in-use',
          `${spec.bindAddress}:${spec.localPort} is already in use${holder}: pick another local port, or 0 for any free one`,
        );
        tunnel.fail({ code: failure.code, message: failure.message });
        throw failure;
      }
    }
    let instanceId: string;
    try {
      const context = await this.profiles.contextFor(spec.profile, spec.region);
      instanceId = await this.resolve(spec, context);
      await tunnel.start(context, instanceId);
    } catch (error) {
      if (error instanceof ContractFailure) tunnel.fail({ code: error.code, message: error.message });
      throw error;
    }
    this.hooks.started?.(spec, tunnel.current, instanceId);
    return tunnel.current;
  }

  async stop(id: string): Promise<TunnelStatus> {
    const spec = this.spec(id);
    const tunnel = this.running.get(id);
    if (tunnel) {
      const wasRunning = tunnel.running;
      await tunnel.stop();
      if (wasRunning) this.hooks.stopped?.(spec, tunnel.current);
    }
    return this.statusOf(id);
  }

  /** Starts every tunnel marked "start with the app"; one that fails shows why in its row. */
  startMarked(): void {
    for (const spec of this.store.get().filter((s) => s.autoStart))
      void this.start(spec.id).catch(() => undefined);
  }

  exportBundle(ids: readonly string[]): { fileName: string; text: string } {
    const chosen = ids.length ? this.store.get().filter((s) => ids.includes(s.id)) : this.store.get();
    const tunnels = chosen.map(({ id: _id, ...rest }) => rest);
    return {
      fileName: chosen.length === 1 ? `${fileSafe(chosen[0]?.name ?? 'tunnel')}.ssmdesk` : 'tunnels.ssmdesk',
      text: `${JSON.stringify({ format: BUNDLE_FORMAT, version: 1, tunnels }, null, 2)}\n`,
    };
  }

  async importBundle(text: string): Promise<TunnelSpec[]> {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ContractFailure('invalid-params', 'not a .ssmdesk file: it is not JSON');
    }
    const bundle = BundleSchema.safeParse(json);
    if (!bundle.success) {
      const issue = bundle.error.issues[0];
      throw new ContractFailure(
        'invalid-params',
        `not a .ssmdesk file: ${issue?.path.join('.') || 'bundle'}: ${issue?.message}`,
      );
    }
    const added: TunnelSpec[] = [];
    const names = new Set(this.store.get().map((s) => s.name));
    for (const { id: _id, ...tunnel } of bundle.data.tunnels) {
      let name = tunnel.name;
      for (let n = 2; names.has(name); n++) name = `${tunnel.name} (${n})`;
      names.add(name);
      added.push(parseSpec({ ...tunnel, name, id: randomUUID(), autoStart: false }));
    }
    await this.store.set([...this.store.get(), ...added]);
    this.announce();
    return added;
  }

  /** A tunnel for remote desktop: 3389 on a Windows instance to a free local port, started now. */
  async remoteDesktop(target: TargetRef, name: string): Promise<{ spec: TunnelSpec; status: TunnelStatus }> {
    const existing = this.store
      .get()
      .find((s) => s.target === target.instanceId && s.profile === target.profile && s.remotePort === 3389);
    const spec =
      existing ??
      (await this.save({
        name: `${name} remote desktop`,
        profile: target.profile,
        region: target.region,
        target: target.instanceId,
        kind: 'port',
        remotePort: 3389,
        localPort: 0,
        bindAddress: '127.0.0.1',
        autoStart: false,
      }));
    const status = await this.start(spec.id);
    return { spec, status };
  }

  async closeAll(): Promise<void> {
    clearTimeout(this.flushTimer);
    await Promise.allSettled([...this.running.values()].map((tunnel) => tunnel.stop()));
  }

  private spec(id: string): TunnelSpec {
    const spec = this.store.get().find((s) => s.id === id);
    if (!spec) throw new ContractFailure('not-found', `no tunnel ${id}`);
    return spec;
  }

  private statusOf(id: string): TunnelStatus {
    return (
      this.running.get(id)?.current ?? {
        id,
        state: 'stopped',
        stats: { connectionsOpen: 0, connectionsTotal: 0, bytesIn: 0, bytesOut: 0 },
        history: [],
      }
    );
  }

  /** An instance id as it is; a Name tag (or any other query) must name exactly one managed instance. */
  private async resolve(
    spec: TunnelSpec,
    context: Awaited<ReturnType<ProfileDirectory['contextFor']>>,
  ): Promise<string> {
    const resolution = await resolveTarget([context], spec.target);
    const [only, ...more] = resolution.candidates;
    if (!only) {
      const why = resolution.errors[0]?.message;
      throw new ContractFailure(
        'target-not-found',
        `no instance "${spec.target}" in ${spec.region}${why ? `: ${why}` : ''}`,
      );
    }
    if (more.length > 0) {
      throw new ContractFailure(
        'target-ambiguous',
        `"${spec.target}" names ${more.length + 1} instances in ${spec.region}: use an instance id`,
      );
    }
    return only.instanceId;
  }

  private queueStatus(status: TunnelStatus): void {
    this.pending.set(status.id, status);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const statuses = [...this.pending.values()];
      this.pending.clear();
      this.hooks.status(statuses);
    }, STATUS_BATCH_MS);
  }

  private announce(): void {
    this.hooks.changed(this.list());
  }
}

function parseSpec(candidate: unknown): TunnelSpec {
  const parsed = TunnelSpecSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractFailure(
      'invalid-params',
      `${issue?.path.join('.') || 'tunnel'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'tunnel';
}
