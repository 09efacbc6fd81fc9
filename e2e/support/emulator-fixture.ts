import { Emulator } from '../../src-main/emulator/emulator.js';
import { defaultEmulatorConfig } from '../../src-main/emulator/inventory/default-inventory.js';
import type { EmulatedInstance, EmulatorConfig } from '../../src-main/emulator/model.js';

/** An in-process emulator with the default inventory, adjusted by `change`. */
export async function startEmulator(
  change: (config: EmulatorConfig) => void = () => undefined,
  log?: (line: string) => void,
): Promise<Emulator> {
  const config = defaultEmulatorConfig();
  change(config);
  return Emulator.start({ config, log });
}

/** The first online Linux instance in us-east-1 whose agent version satisfies `accept`. */
export function linuxInstance(
  emulator: Emulator,
  accept: (instance: EmulatedInstance) => boolean = () => true,
): EmulatedInstance {
  const instance = emulator.config.instances.find(
    (i) => i.online && i.region === 'us-east-1' && i.platformType === 'Linux' && accept(i),
  );
  if (!instance) throw new Error('the default inventory has no matching online Linux instance');
  return instance;
}
