import type { EmulatedInstance, InstanceDirectory } from '../model.js';

/** The live inventory: the APIs and the agent share one instance so control-route changes show everywhere. */
export class InventoryDirectory implements InstanceDirectory {
  readonly #byId = new Map<string, EmulatedInstance>();

  constructor(instances: readonly EmulatedInstance[]) {
    for (const instance of instances) this.add(instance);
  }

  get(instanceId: string): EmulatedInstance | undefined {
    return this.#byId.get(instanceId);
  }

  /** In insertion order, which is the order APIs page through. */
  list(): readonly EmulatedInstance[] {
    return [...this.#byId.values()];
  }

  /** Adds or replaces (same id) an instance. */
  add(instance: EmulatedInstance): void {
    this.#byId.set(instance.instanceId, instance);
  }

  /** Returns false for an unknown id. */
  setOnline(instanceId: string, online: boolean): boolean {
    const instance = this.#byId.get(instanceId);
    if (!instance) return false;
    instance.online = online;
    return true;
  }
}
